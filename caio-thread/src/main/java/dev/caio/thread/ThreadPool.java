package dev.caio.thread;

import dev.caio.internal.natives.NativeAvailability;
import dev.caio.internal.natives.NativeLibraryLoader;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.RandomAccessFile;
import java.util.Arrays;

/**
 * Whether the {@code thread} backend works here, probed once: load the library, check its version, then start a
 * real pool and write and read back 4 KiB of a temp file through it (a backend that loads but lies is unavailable).
 */
public final class ThreadPool {
    private static final NativeAvailability AVAILABILITY = NativeAvailability.probe(ThreadPoolProvider.NAME, () -> {
        NativeLibraryLoader.load("caio_thread", ThreadPool.class);
        NativeLibraryLoader.checkVersion("libcaio_thread", ThreadPoolNative.version());
        selfTest();
    });

    private ThreadPool() {
    }

    /** True if contexts can be created. Never throws. */
    public static boolean isAvailable() {
        return AVAILABILITY.isAvailable();
    }

    /** Why not, or null. */
    public static Throwable unavailabilityCause() {
        return AVAILABILITY.cause();
    }

    /** @throws IllegalStateException with the cause when unavailable */
    public static void ensureAvailability() {
        AVAILABILITY.ensure();
    }

    private static void selfTest() throws Exception {
        Path file = Files.createTempFile("caio-thread-probe", ".bin");
        byte[] data = new byte[4096];
        Arrays.fill(data, (byte) 0x5A);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw");
             ThreadPoolContext ctx = new ThreadPoolContext(2, 1, false)) {
            ctx.write(ByteBuffer.wrap(data), raf.getFD(), 0).get();
            byte[] back = ctx.read(4096, raf.getFD(), 0).get();
            if (!Arrays.equals(data, back)) {
                throw new IllegalStateException("self-test read back different bytes than it wrote");
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

}
