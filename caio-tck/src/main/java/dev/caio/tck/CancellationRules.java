package dev.caio.tck;

import static dev.caio.tck.TckSupport.contentOf;
import static dev.caio.tck.TckSupport.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.caio.AsyncFileContext;
import dev.caio.Operation;
import dev.caio.spi.Capability;
import java.io.FileDescriptor;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules r4: cancellation. If these fail, check that queued work is dropped before it reaches the engine, that a
 * cancelled read never copies into heap memory, and that every operation is released exactly once; for the optional
 * r4.6, that cancelling in the engine reaches only the operation meant, never the next one in its slot.
 *
 * @since 0.1
 */
public interface CancellationRules extends TckSupport {

    /**
     * r4.1 an operation cancelled while queued never runs: its bytes never reach the file.
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r4.1 an operation cancelled while queued never runs: its bytes never reach the file")
    default void required_r4_1_cancelledQueuedWorkNeverRuns(@TempDir Path dir) throws Exception {
        int n = 2000;
        try (AsyncFileContext ctx = context(1); RandomAccessFile f = fileWith(dir, new byte[n * 16])) {
            FileDescriptor fd = f.getFD();
            List<Operation<Integer>> ops = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ops.add(Operation.write(pattern(16, i), fd, i * 16L));
            }
            boolean[] removed = new boolean[n];
            int[] removedCount = new int[1];
            List<Integer> queuedButKept = new ArrayList<>();
            // Cancelled from the first operation's completion, newest first. With maxRequests=1 and admission in
            // submission order, write i is queued for as long as write i-1 is pending: if i-1 is still pending after
            // cancel(i) returned, i was queued throughout that call and cancel() had to remove it. A backend that
            // completes inline still queues here (one slot), so this holds for it too; only a backend that finished
            // every write before delivering the first completion has nothing queued, and the rule is then vacuous.
            CompletableFuture<Integer> cancelled = ops.get(0).whenComplete((v, t) -> {
                for (int i = n - 1; i >= n / 2; i--) {
                    removed[i] = ctx.cancel(ops.get(i)) == 1;
                    removedCount[0] += removed[i] ? 1 : 0;
                    if (!removed[i] && !ops.get(i - 1).isDone()) {
                        queuedButKept.add(i);
                    }
                }
            });
            ctx.submit(ops);
            settle(cancelled);
            for (Operation<Integer> op : ops) {
                settle(op.released());
            }
            assertTrue(queuedButKept.isEmpty(), () -> "cancel() did not remove writes that were queued (each behind a"
                    + " pending one, with maxRequests=1): " + queuedButKept.subList(0, Math.min(5, queuedButKept.size()))
                    + (queuedButKept.size() > 5 ? " and " + (queuedButKept.size() - 5) + " more" : ""));
            byte[] content = contentOf(f);
            for (int i = 0; i < n; i++) {
                byte[] got = Arrays.copyOfRange(content, i * 16, i * 16 + 16);
                if (removed[i]) {
                    assertTrue(ops.get(i).isCancelled(), "write " + i + " was removed by cancel() but its future is "
                            + ops.get(i));
                    assertArrayEquals(new byte[16], got, "cancelled queued write " + i + " ran: its bytes are in the"
                            + " file");
                } else if (!ops.get(i).isCancelled()) {
                    assertArrayEquals(pattern(16, i), got, "write " + i + ", never cancelled");
                }
            }
            assumeTrue(removedCount[0] > 0, "vacuous: nothing was queued when the first write completed (all " + n
                    + " writes were done before its completion was delivered), so there was no queued work to cancel");
        }
    }

    /**
     * r4.2 16 reads in flight, all but the first to finish cancelled, 50 rounds: the context stays usable.
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r4.2 16 reads in flight, all but the first to finish cancelled, 50 rounds: the context stays usable")
    default void required_r4_2_cancelInFlightKeepsContextUsable(@TempDir Path dir) throws Exception {
        byte[] data = pattern(16 * 4096, 42);
        try (AsyncFileContext ctx = context(); RandomAccessFile f = fileWith(dir, data)) {
            FileDescriptor fd = f.getFD();
            for (int round = 0; round < 50; round++) {
                List<CompletableFuture<byte[]>> reads = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    reads.add(ctx.read(4096, fd, i * 4096L));
                }
                CompletableFuture.anyOf(reads.toArray(CompletableFuture[]::new)).handle((v, e) -> null).join();
                for (CompletableFuture<byte[]> r : reads) {
                    r.cancel(false);
                }
                for (int i = 0; i < 16; i++) {
                    CompletableFuture<byte[]> r = reads.get(i);
                    settle(((Operation<byte[]>) r).released());
                    if (!r.isCancelled()) {
                        assertArrayEquals(Arrays.copyOfRange(data, i * 4096, (i + 1) * 4096), r.join());
                    }
                }
            }
            assertArrayEquals(Arrays.copyOfRange(data, 0, 100), await(ctx.read(100, fd, 0)));
        }
    }

    /**
     * r4.6 (optional, CANCEL_IN_FLIGHT) cancelling reads the backend is running cancels only them: every other read,
     * those that take a cancelled one's slot included, gives its own bytes; 50 rounds.
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r4.6 (optional, CANCEL_IN_FLIGHT) cancelling reads the backend is running cancels only them: every"
            + " other read, those that take a cancelled one's slot included, gives its own bytes; 50 rounds")
    default void optional_r4_6_cancelInFlightSparesTheOthers(@TempDir Path dir) throws Exception {
        // Optional because only a backend that cancels in flight has this path (cancelRunning reaching into its
        // engine, where a slot may be handed to the next operation at that very moment); r4.2 covers the rest.
        assumeCapability(Capability.CANCEL_IN_FLIGHT);
        int n = 64;
        byte[] data = pattern(n * 4096, 46);
        try (AsyncFileContext ctx = context(8); RandomAccessFile f = fileWith(dir, data)) {
            FileDescriptor fd = f.getFD();
            for (int round = 0; round < 50; round++) {
                List<Operation<byte[]>> reads = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    reads.add(Operation.read(4096, fd, i * 4096L));
                }
                Runnable cancelOdd = () -> {
                    for (int i = 1; i < n; i += 2) {
                        reads.get(i).cancel(false);
                    }
                };
                // Half the rounds cancel from the first completion (on the backend's thread, its engine mid-batch),
                // half from this thread right after submitting.
                CompletableFuture<?> cancelling = round % 2 == 0
                        ? reads.get(0).handle((v, t) -> {
                            cancelOdd.run();
                            return null;
                        })
                        : null;
                ctx.submit(reads);
                if (cancelling == null) {
                    cancelOdd.run();
                } else {
                    settle(cancelling);
                }
                for (int i = 0; i < n; i++) {
                    Operation<byte[]> r = reads.get(i);
                    byte[] expected = Arrays.copyOfRange(data, i * 4096, (i + 1) * 4096);
                    if (i % 2 == 0) {
                        assertArrayEquals(expected, await(r), "round " + round + ": read " + i + ", never cancelled");
                    } else {
                        settle(r.released());
                        if (!r.isCancelled()) {
                            assertArrayEquals(expected, await(r), "round " + round + ": read " + i
                                    + ", done before its cancellation");
                        }
                    }
                }
            }
            assertArrayEquals(Arrays.copyOfRange(data, 0, 100), await(ctx.read(100, fd, 0)), "context still usable");
        }
    }

    /**
     * r4.3 a cancelled read never writes into a heap buffer or moves its position.
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r4.3 a cancelled read never writes into a heap buffer or moves its position")
    default void required_r4_3_cancelledReadLeavesHeapBufferAlone(@TempDir Path dir) throws Exception {
        try (AsyncFileContext ctx = context(); RandomAccessFile f = fileWith(dir, pattern(65536, 43))) {
            FileDescriptor fd = f.getFD();
            for (int round = 0; round < 200; round++) {
                ByteBuffer b = ByteBuffer.allocate(65536);
                Arrays.fill(b.array(), (byte) 0);
                Operation<Integer> op = Operation.read(b, fd, 0);
                ctx.submit(op);
                op.cancel(false);
                settle(op.released());
                if (op.isCancelled()) {
                    assertEquals(0, b.position(), "position of a cancelled read moved");
                    assertArrayEquals(new byte[65536], b.array(), "a cancelled read wrote into the heap buffer");
                }
            }
        }
    }

    /**
     * r4.4 an operation cancelled before submission cannot be submitted.
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r4.4 an operation cancelled before submission cannot be submitted")
    default void required_r4_4_cancelBeforeSubmit(@TempDir Path dir) throws Exception {
        try (AsyncFileContext ctx = context(); RandomAccessFile f = fileWith(dir, "abc".getBytes())) {
            Operation<byte[]> op = Operation.read(3, f.getFD(), 0);
            assertTrue(op.cancel(false));
            assertThrows(IllegalStateException.class, () -> ctx.submit(op));
            assertArrayEquals("abc".getBytes(), await(ctx.read(3, f.getFD(), 0)), "context still usable");
        }
    }

    /**
     * r4.5 every operation is released, cancelled or not, and released only after its outcome.
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r4.5 every operation is released, cancelled or not, and released only after its outcome")
    default void required_r4_5_everyOperationIsReleased(@TempDir Path dir) throws Exception {
        try (AsyncFileContext ctx = context(4); RandomAccessFile f = fileWith(dir, pattern(4096 * 64, 45))) {
            List<Operation<byte[]>> ops = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                ops.add(Operation.read(4096, f.getFD(), i * 4096L));
            }
            ctx.submit(ops);
            for (int i = 0; i < 64; i += 3) {
                ops.get(i).cancel(false);
            }
            for (Operation<byte[]> op : ops) {
                settle(op.released());
                assertTrue(op.isDone(), "released before its future completed: " + op);
            }
        }
    }
}
