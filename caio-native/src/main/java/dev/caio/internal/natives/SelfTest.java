package dev.caio.internal.natives;

import dev.caio.AsyncFileContext;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The check a native backend passes before it is offered (lz4-java's factory does the same): write 4 KiB to a temp
 * file through a real context and read them back. A backend that loads but lies becomes unavailable with a cause
 * instead of corrupting data later.
 */
public final class SelfTest {
    private SelfTest() {
    }

    /**
     * Runs the check on {@code ctx} and closes it, whatever the outcome. The file is written in a fresh private
     * directory under {@code java.io.tmpdir}, and both are deleted afterwards.
     *
     * @param ctx a new context of the backend; this method owns it from now on
     * @throws IllegalStateException if the bytes read back differ from those written
     * @throws Exception what the context or the file threw: an {@link java.util.concurrent.ExecutionException} whose
     *         cause is a {@link dev.caio.CaioIOException} for a failed write or read, or an {@link java.io.IOException}
     *         from the temporary file
     */
    public static void writeReadBack(AsyncFileContext ctx) throws Exception {
        // Not Files.createTempFile: under a descriptor shortage it can break the JDK's temp-file naming for good, and
        // a probe that fails for want of descriptors must be able to succeed when it is retried.
        Path dir = NativeLibraryLoader.createPrivateDirectory(Path.of(System.getProperty("java.io.tmpdir")));
        Path file = dir.resolve("caio-" + ctx.implementation() + "-probe.bin");
        byte[] data = new byte[4096];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        try (ctx; RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            ctx.write(ByteBuffer.wrap(data), raf.getFD(), 0).get();
            byte[] back = ctx.read(4096, raf.getFD(), 0).get();
            if (!Arrays.equals(data, back)) {
                throw new IllegalStateException("self-test read back different bytes than it wrote");
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }
}
