package dev.caio.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caio.AsyncFileContext;
import dev.caio.CaioIOException;
import dev.caio.Operation;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules r6: bad input and failing I/O. If these fail, check argument validation before anything reaches native code,
 * and that negative syscall results become a {@link CaioIOException} naming the errno instead of a count.
 *
 * @since 0.1
 */
public interface ErrorRules extends TckSupport {

    /**
     * r6.1 reads and writes on a closed descriptor fail with an IOException naming EBADF.
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r6.1 reads and writes on a closed descriptor fail with an IOException naming EBADF")
    default void required_r6_1_closedDescriptorFailsWithEbadf(@TempDir Path dir) throws Exception {
        try (AsyncFileContext ctx = context()) {
            RandomAccessFile f = fileWith(dir, "abc".getBytes());
            FileDescriptor fd = f.getFD();
            f.close();
            CaioIOException r = failure(ctx.read(3, fd, 0), CaioIOException.class);
            assertEquals("EBADF", r.errnoName());
            assertTrue(r.getMessage().contains("EBADF"), "message names the errno: " + r.getMessage());
            CaioIOException w = failure(ctx.write(new byte[] {1}, fd, 0), CaioIOException.class);
            assertEquals("EBADF", w.errnoName());
            assertEquals(9, w.errno());
        }
    }

    /**
     * r6.2 a write on a read-only descriptor fails with EBADF and changes nothing.
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r6.2 a write on a read-only descriptor fails with EBADF and changes nothing")
    default void required_r6_2_writeOnReadOnlyDescriptorFails(@TempDir Path dir) throws Exception {
        Path p = Files.write(newFile(dir), "abc".getBytes());
        try (AsyncFileContext ctx = context(); FileInputStream in = new FileInputStream(p.toFile())) {
            CaioIOException e = failure(ctx.write("xyz".getBytes(), in.getFD(), 0), CaioIOException.class);
            assertEquals("EBADF", e.errnoName());
            assertArrayEquals("abc".getBytes(), Files.readAllBytes(p));
            assertArrayEquals("abc".getBytes(), await(ctx.read(3, in.getFD(), 0)), "reads still work");
        }
    }

    /**
     * r6.3 a read on a write-only descriptor fails with EBADF.
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r6.3 a read on a write-only descriptor fails with EBADF")
    default void required_r6_3_readOnWriteOnlyDescriptorFails(@TempDir Path dir) throws Exception {
        Path p = newFile(dir);
        try (AsyncFileContext ctx = context(); FileOutputStream out = new FileOutputStream(p.toFile())) {
            CaioIOException e = failure(ctx.read(3, out.getFD(), 0), CaioIOException.class);
            assertEquals("EBADF", e.errnoName());
            ByteBuffer b = ByteBuffer.allocateDirect(8);
            assertEquals("EBADF", failure(ctx.read(b, out.getFD(), 0), CaioIOException.class).errnoName());
            assertEquals(0, b.position(), "a failed read does not move the position");
        }
    }

    /**
     * r6.4 bad arguments throw at once: negative offset or length (IAE), nulls (NPE).
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r6.4 bad arguments throw at once: negative offset or length (IAE), nulls (NPE)")
    default void required_r6_4_badArgumentsThrow(@TempDir Path dir) throws Exception {
        try (AsyncFileContext ctx = context(); RandomAccessFile f = fileWith(dir, "abc".getBytes())) {
            FileDescriptor fd = f.getFD();
            assertThrows(IllegalArgumentException.class, () -> ctx.read(1, fd, -1));
            assertThrows(IllegalArgumentException.class, () -> ctx.read(-1, fd, 0));
            assertThrows(IllegalArgumentException.class, () -> ctx.write(new byte[1], fd, -5));
            assertThrows(IllegalArgumentException.class, () -> ctx.read(ByteBuffer.allocate(1), fd, -1));
            assertThrows(IllegalArgumentException.class, () -> ctx.write(ByteBuffer.allocate(1), fd, Long.MIN_VALUE));
            assertThrows(NullPointerException.class, () -> ctx.read(1, null, 0));
            assertThrows(NullPointerException.class, () -> ctx.write((byte[]) null, fd, 0));
            assertThrows(NullPointerException.class, () -> ctx.write((ByteBuffer) null, fd, 0));
            assertThrows(NullPointerException.class, () -> ctx.read((ByteBuffer) null, fd, 0));
            assertThrows(NullPointerException.class, () -> ctx.fsync(null));
            assertThrows(NullPointerException.class, () -> ctx.fdsync(null));
            assertArrayEquals("abc".getBytes(), await(ctx.read(3, fd, 0)), "context still usable");
        }
    }

    /** r6.5 maxRequests below 1 is refused with IllegalArgumentException. */
    @Test
    @DisplayName("r6.5 maxRequests below 1 is refused with IllegalArgumentException")
    default void required_r6_5_maxRequestsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> providerUnderTest().create(0));
        assertThrows(IllegalArgumentException.class, () -> providerUnderTest().create(-1));
    }

    /**
     * r6.6 a failed operation does not poison the context.
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r6.6 a failed operation does not poison the context")
    default void required_r6_6_failureDoesNotPoisonTheContext(@TempDir Path dir) throws Exception {
        try (AsyncFileContext ctx = context(1); RandomAccessFile good = fileWith(dir, "good".getBytes())) {
            RandomAccessFile bad = fileWith(dir, "bad".getBytes());
            FileDescriptor badFd = bad.getFD();
            bad.close();
            for (int i = 0; i < 20; i++) {
                failure(ctx.read(3, badFd, 0), CaioIOException.class);
                assertArrayEquals("good".getBytes(), await(ctx.read(4, good.getFD(), 0)));
            }
        }
    }

    /**
     * r6.9 a read or write whose offset plus length overflows the largest file offset fails with EINVAL.
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r6.9 a read or write whose offset plus length overflows the largest file offset fails with EINVAL")
    default void required_r6_9_overflowingTransferFailsWithEinval(@TempDir Path dir) throws Exception {
        try (AsyncFileContext ctx = context(); RandomAccessFile f = fileWith(dir, "abc".getBytes())) {
            FileDescriptor fd = f.getFD();
            long at = Long.MAX_VALUE - 8;
            for (java.util.concurrent.CompletableFuture<?> op : java.util.List.of(ctx.write(new byte[16], fd, at),
                    ctx.read(16, fd, at), ctx.read(ByteBuffer.allocateDirect(16), fd, at),
                    ctx.write(ByteBuffer.allocate(16), fd, at))) {
                CaioIOException e = failure(op, CaioIOException.class);
                assertEquals("EINVAL", e.errnoName(), e.getMessage());
                assertTrue(e.getMessage().contains("exceeds the largest file offset"), e.getMessage());
            }
            assertArrayEquals("abc".getBytes(), await(ctx.read(3, fd, 0)), "context still usable");
            assertEquals(3, f.length(), "nothing was written");
        }
    }

    /**
     * r6.10 sizes beyond the documented bounds throw IllegalArgumentException naming the bound, before anything is
     * allocated.
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r6.10 sizes beyond the documented bounds throw IllegalArgumentException naming the bound,"
            + " before anything is allocated")
    default void required_r6_10_hugeArgumentsAreRefusedByTheirBound(@TempDir Path dir) throws Exception {
        try (AsyncFileContext ctx = context(); RandomAccessFile f = fileWith(dir, "abc".getBytes())) {
            FileDescriptor fd = f.getFD();
            for (int n : new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE - 8, AsyncFileContext.MAX_TRANSFER + 1}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ctx.read(n, fd, 0));
                assertTrue(e.getMessage().contains("MAX_TRANSFER"), e.getMessage());
                assertThrows(IllegalArgumentException.class, () -> Operation.read(n, fd, 0));
            }
            for (int n : new int[] {Integer.MAX_VALUE, 1 << 28, AsyncFileContext.MAX_REQUESTS_LIMIT + 1}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> providerUnderTest().create(n).close());
                assertTrue(e.getMessage().contains("MAX_REQUESTS_LIMIT"), e.getMessage());
            }
            assertArrayEquals("abc".getBytes(), await(ctx.read(3, fd, 0)), "context still usable");
        }
    }
}
