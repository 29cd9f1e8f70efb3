package dev.caio.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.caio.AsyncFileContext;
import dev.caio.CaioIOException;
import dev.caio.Operation;
import dev.caio.spi.FileSupport;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules r6.7 and r6.8: descriptors that are not regular files fail the way {@code pread(2)} and {@code pwrite(2)}
 * fail on them, with the same errno on every backend. If these fail, check that the backend asks whether a descriptor
 * takes positional I/O before it hands a read or write to an interface that ignores offsets (io_uring, Linux AIO),
 * and that it reports the kernel's errno for a directory rather than its own.
 *
 * @since 0.1
 */
public interface FileKindRules extends TckSupport {

    /**
     * r6.7 on a FIFO, reads and writes at any offset fail with ESPIPE, as pread and pwrite do, singly and in a batch,
     * and change nothing in it; a read of an empty FIFO completes; the context stays usable.
     *
     * @param dir JUnit's temporary directory, where the FIFO is made
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r6.7 on a FIFO, reads and writes at any offset fail with ESPIPE, as pread and pwrite do, singly and"
            + " in a batch, and change nothing in it; a read of an empty FIFO completes; the context stays usable")
    default void required_r6_7_fifoFailsWithEspipe(@TempDir Path dir) throws Exception {
        Path fifo = fifo(dir);
        // "rw" opens O_RDWR, which does not wait for a peer, so the FIFO is open at both ends and never sees EOF.
        try (AsyncFileContext ctx = context(32); RandomAccessFile pipe = new RandomAccessFile(fifo.toFile(), "rw");
             RandomAccessFile good = fileWith(dir, "good".getBytes())) {
            FileDescriptor fd = pipe.getFD();
            for (long offset : new long[] {0, 1, 4096}) {
                assertErrno("ESPIPE", ctx.read(4, fd, offset), "read of the empty FIFO at " + offset);
                assertErrno("ESPIPE", ctx.read(ByteBuffer.allocateDirect(4), fd, offset), "direct read at " + offset);
                assertErrno("ESPIPE", ctx.write("abc".getBytes(), fd, offset), "write at " + offset);
            }
            assertEquals(0, waiting(fd), "a refused write puts nothing into the FIFO");
            pipe.write("data".getBytes());
            assertErrno("ESPIPE", ctx.read(4, fd, 0), "read of the FIFO with data waiting");
            assertEquals(4, waiting(fd), "a refused read takes nothing out of the FIFO");

            // A batch big enough for the backends' shared-batch paths, the FIFO's operations mixed with a file's.
            List<Operation<?>> batch = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                batch.add(i % 2 == 0 ? Operation.read(4, good.getFD(), 0) : Operation.read(4, fd, i));
            }
            for (int i = 0; i < 4; i++) {
                batch.add(Operation.write("xy".getBytes(), fd, i * 100L));
            }
            assertEquals(batch.size(), ctx.submit(batch));
            for (int i = 0; i < batch.size(); i++) {
                if (i < 16 && i % 2 == 0) {
                    assertArrayEquals("good".getBytes(), (byte[]) await(batch.get(i)), "file read " + i);
                } else {
                    assertErrno("ESPIPE", batch.get(i), "FIFO operation " + i + " of the batch");
                }
            }
            assertEquals(4, waiting(fd), "the batch changed nothing in the FIFO");
            assertArrayEquals("good".getBytes(), await(ctx.read(4, good.getFD(), 0)), "context still usable");
        }
    }

    /**
     * r6.8 on a directory, a read fails with EISDIR and a write with EBADF, as pread and pwrite do; the context stays
     * usable.
     *
     * @param dir JUnit's temporary directory: the directory the rule reads and writes
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r6.8 on a directory, a read fails with EISDIR and a write with EBADF, as pread and pwrite do;"
            + " the context stays usable")
    default void required_r6_8_directoryFailsLikePread(@TempDir Path dir) throws Exception {
        // The JDK refuses to open a directory as a stream; a FileChannel may, and its descriptor is what a library
        // holding a directory descriptor would pass.
        try (AsyncFileContext ctx = context(32); FileChannel ch = FileChannel.open(dir);
             RandomAccessFile good = fileWith(dir, "good".getBytes())) {
            FileDescriptor fd = descriptorOf(ch);
            for (long offset : new long[] {0, 4096}) {
                assertErrno("EISDIR", ctx.read(4, fd, offset), "read at " + offset);
                assertErrno("EISDIR", ctx.read(ByteBuffer.allocateDirect(4), fd, offset), "direct read at " + offset);
                assertErrno("EBADF", ctx.write("abc".getBytes(), fd, offset), "write at " + offset);
            }
            List<Operation<?>> batch = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                batch.add(i % 2 == 0 ? Operation.read(4, good.getFD(), 0) : Operation.read(4, fd, i));
            }
            assertEquals(batch.size(), ctx.submit(batch));
            for (int i = 0; i < batch.size(); i++) {
                if (i % 2 == 0) {
                    assertArrayEquals("good".getBytes(), (byte[]) await(batch.get(i)), "file read " + i);
                } else {
                    assertErrno("EISDIR", batch.get(i), "directory read " + i + " of the batch");
                }
            }
            assertArrayEquals("good".getBytes(), await(ctx.read(4, good.getFD(), 0)), "context still usable");
        }
    }

    private void assertErrno(String errno, CompletableFuture<?> f, String what) {
        assertEquals(errno, failure(f, CaioIOException.class).errnoName(), what);
    }

    /** A new FIFO in {@code dir}: the JDK cannot make one, mkfifo(1) can. */
    private static Path fifo(Path dir) throws IOException, InterruptedException {
        Path p = dir.resolve("fifo");
        Process mk = new ProcessBuilder("mkfifo", p.toString()).redirectErrorStream(true).start();
        String out = new String(mk.getInputStream().readAllBytes());
        assumeTrue(mk.waitFor() == 0, "mkfifo failed: " + out);
        return p;
    }

    /** Bytes waiting in the FIFO behind {@code fd} (FIONREAD); the stream is not closed, it would close fd. */
    @SuppressWarnings("resource")
    private static int waiting(FileDescriptor fd) throws IOException {
        return new FileInputStream(fd).available();
    }

    /**
     * The descriptor of {@code ch}, which the JDK does not expose: from a caio native library where one is on the
     * class path, else from the channel's private field where {@code java.base} opens it
     * ({@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED}), else, before JDK 24, through {@code sun.misc.Unsafe}
     * (from JDK 24 on that prints a warning, so the rule is skipped instead, saying how to run it).
     */
    private static FileDescriptor descriptorOf(FileChannel ch) {
        Object fd = null;
        Throwable why = null;
        try {
            fd = FileSupport.get().descriptorOf(ch);
        } catch (UnsupportedOperationException noNativeLibrary) {
            why = noNativeLibrary;
        }
        if (fd == null) {
            try {
                Field f = ch.getClass().getDeclaredField("fd");
                if (f.trySetAccessible()) {
                    fd = f.get(ch);
                } else if (Runtime.version().feature() < 24) {
                    Field theUnsafe = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
                    theUnsafe.setAccessible(true);
                    Object unsafe = theUnsafe.get(null);
                    long offset = (long) unsafe.getClass().getMethod("objectFieldOffset", Field.class)
                            .invoke(unsafe, f);
                    fd = unsafe.getClass().getMethod("getObject", Object.class, long.class).invoke(unsafe, ch, offset);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                why = e;
            }
        }
        assumeTrue(fd instanceof FileDescriptor d && d.valid(), "no way to obtain a directory's FileDescriptor here: "
                + "put a caio native library on the test class path or run the tests with --add-opens "
                + "java.base/sun.nio.ch=ALL-UNNAMED (" + why + ")");
        return (FileDescriptor) fd;
    }
}
