package dev.caio.tck;

import static dev.caio.tck.TckSupport.contentOf;
import static dev.caio.tck.TckSupport.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.caio.AsyncFileContext;
import dev.caio.CaioIOException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules r7: fsync and fdsync. If these fail, check that the sync really reaches the kernel (upstream once shipped an
 * fsync that did nothing, and one that was a zero-length read).
 *
 * @since 0.1
 */
public interface SyncRules extends TckSupport {

    /**
     * r7.1 fsync and fdsync complete (with null) after writes, and the data is there.
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r7.1 fsync and fdsync complete (with null) after writes, and the data is there")
    default void required_r7_1_syncsCompleteAfterWrites(@TempDir Path dir) throws Exception {
        try (AsyncFileContext ctx = context(); RandomAccessFile f = fileWith(dir, new byte[0])) {
            FileDescriptor fd = f.getFD();
            await(ctx.write(pattern(10000, 71), fd, 0));
            assertNull(await(ctx.fsync(fd)));
            await(ctx.write(pattern(10000, 72), fd, 10000));
            assertNull(await(ctx.fdsync(fd)));
            byte[] expected = new byte[20000];
            System.arraycopy(pattern(10000, 71), 0, expected, 0, 10000);
            System.arraycopy(pattern(10000, 72), 0, expected, 10000, 10000);
            assertArrayEquals(expected, contentOf(f));
        }
    }

    /**
     * r7.2 fsync and fdsync of a closed descriptor fail with EBADF (the sync reaches the kernel).
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r7.2 fsync and fdsync of a closed descriptor fail with EBADF (the sync reaches the kernel)")
    default void required_r7_2_syncOfClosedDescriptorFails(@TempDir Path dir) throws Exception {
        try (AsyncFileContext ctx = context()) {
            RandomAccessFile f = fileWith(dir, "abc".getBytes());
            FileDescriptor fd = f.getFD();
            f.close();
            assertEquals("EBADF", failure(ctx.fsync(fd), CaioIOException.class).errnoName());
            assertEquals("EBADF", failure(ctx.fdsync(fd), CaioIOException.class).errnoName());
        }
    }

    /**
     * r7.3 fsync of a read-only descriptor succeeds, as fsync(2) does (no disguised write or read).
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r7.3 fsync of a read-only descriptor succeeds, as fsync(2) does (no disguised write or read)")
    default void required_r7_3_syncOfReadOnlyDescriptor(@TempDir Path dir) throws Exception {
        Path p = Files.write(newFile(dir), "abc".getBytes());
        try (AsyncFileContext ctx = context(); FileInputStream in = new FileInputStream(p.toFile())) {
            assertNull(await(ctx.fsync(in.getFD())));
            assertNull(await(ctx.fdsync(in.getFD())));
        }
    }
}
