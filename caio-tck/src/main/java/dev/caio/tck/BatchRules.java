package dev.caio.tck;

import static dev.caio.tck.TckSupport.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caio.AsyncFileContext;
import dev.caio.CaioIOException;
import dev.caio.Operation;
import java.io.FileDescriptor;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules r8: the low-level batch API. If these fail, check that a batch is accepted whole, that an operation cannot be
 * submitted twice, and that a refused batch leaves the context usable.
 *
 * @since 0.1
 */
public interface BatchRules extends TckSupport {

    /**
     * r8.1 a batch of 1000 mixed operations is accepted whole and each completes with its own result.
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r8.1 a batch of 1000 mixed operations is accepted whole and each completes with its own result")
    default void required_r8_1_batchSubmitCompletesEach(@TempDir Path dir) throws Exception {
        int n = 1000;
        try (AsyncFileContext ctx = context(32); RandomAccessFile f = fileWith(dir, pattern(n * 64, 81))) {
            FileDescriptor fd = f.getFD();
            List<Operation<byte[]>> reads = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                reads.add(Operation.read(64, fd, i * 64L));
            }
            assertEquals(n, ctx.submit(reads));
            byte[] data = TckSupport.contentOf(f);
            for (int i = 0; i < n; i++) {
                assertArrayEquals(Arrays.copyOfRange(data, i * 64, i * 64 + 64), await(reads.get(i)), "op " + i);
            }
            Operation<Integer> w = Operation.write(new byte[] {1, 2}, fd, 5);
            Operation<Void> s = Operation.fsync(fd);
            Operation<Void> d = Operation.fdsync(fd);
            assertEquals(3, ctx.submit(w, s, d));
            assertEquals(2, await(w));
            assertNull(await(s));
            assertNull(await(d));
        }
    }

    /**
     * r8.2 submitting an operation twice is refused, the batch is refused whole, the context stays usable.
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r8.2 submitting an operation twice is refused, the batch is refused whole, the context stays usable")
    default void required_r8_2_resubmissionIsRefused(@TempDir Path dir) throws Exception {
        try (AsyncFileContext ctx = context(); RandomAccessFile f = fileWith(dir, "abcdef".getBytes())) {
            FileDescriptor fd = f.getFD();
            Operation<byte[]> once = Operation.read(3, fd, 0);
            ctx.submit(once);
            assertArrayEquals("abc".getBytes(), await(once));
            assertThrows(IllegalStateException.class, () -> ctx.submit(once));
            Operation<byte[]> fresh = Operation.read(3, fd, 3);
            assertThrows(IllegalStateException.class, () -> ctx.submit(fresh, once));
            assertFalse(fresh.isSubmitted(), "a refused batch submits nothing");
            Operation<byte[]> twice = Operation.read(3, fd, 3);
            assertThrows(IllegalStateException.class, () -> ctx.submit(twice, twice));
            ctx.submit(fresh);
            assertArrayEquals("def".getBytes(), await(fresh));
        }
    }

    /**
     * r8.3 an operation reports the arguments it was made with.
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r8.3 an operation reports the arguments it was made with")
    default void required_r8_3_operationAccessors(@TempDir Path dir) throws Exception {
        try (RandomAccessFile f = fileWith(dir, new byte[0])) {
            Operation<byte[]> r = Operation.read(10, f.getFD(), 7);
            assertSame(f.getFD(), r.fd());
            assertEquals(7, r.offset());
            assertEquals(10, r.nbytes());
            assertEquals(Operation.Kind.READ, r.kind());
            assertEquals(Operation.Kind.FDSYNC, Operation.fdsync(f.getFD()).kind());
            assertEquals(3, Operation.write(new byte[3], f.getFD(), 0).nbytes());
            assertTrue(!r.isSubmitted());
        }
    }

    /**
     * r8.4 an operation of another context is not cancelled through this one.
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r8.4 an operation of another context is not cancelled through this one")
    default void required_r8_4_cancelIgnoresForeignOperations(@TempDir Path dir) throws Exception {
        try (AsyncFileContext a = context(); AsyncFileContext b = context();
             RandomAccessFile f = fileWith(dir, "abc".getBytes())) {
            Operation<byte[]> op = Operation.read(3, f.getFD(), 0);
            a.submit(op);
            assertEquals(0, b.cancel(op));
            assertArrayEquals("abc".getBytes(), await(op));
        }
    }

    /**
     * r8.5 one bad operation in a batch fails alone, with its own errno; the others run.
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r8.5 one bad operation in a batch fails alone, with its own errno; the others run")
    default void required_r8_5_aBadOperationFailsAlone(@TempDir Path dir) throws Exception {
        try (AsyncFileContext ctx = context(); RandomAccessFile f = fileWith(dir, pattern(8 * 64, 85))) {
            FileDescriptor fd = f.getFD();
            byte[] before = TckSupport.contentOf(f);
            List<Operation<?>> batch = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                batch.add(Operation.read(64, fd, i * 64L));
            }
            Operation<Integer> bad = Operation.write(new byte[16], fd, Long.MAX_VALUE - 8);
            batch.add(bad);
            for (int i = 0; i < 8; i++) {
                batch.add(Operation.write(pattern(64, i), fd, 1024 + i * 64L));
            }
            assertEquals(17, ctx.submit(batch));
            assertEquals("EINVAL", failure(bad, CaioIOException.class).errnoName());
            for (int i = 0; i < 8; i++) {
                assertArrayEquals(Arrays.copyOfRange(before, i * 64, i * 64 + 64), (byte[]) await(batch.get(i)),
                        "read " + i + " of the batch ran");
                assertEquals(64, await(batch.get(9 + i)), "write " + i + " of the batch ran");
            }
            byte[] after = TckSupport.contentOf(f);
            for (int i = 0; i < 8; i++) {
                assertArrayEquals(pattern(64, i), Arrays.copyOfRange(after, 1024 + i * 64, 1024 + i * 64 + 64));
            }
        }
    }
}
