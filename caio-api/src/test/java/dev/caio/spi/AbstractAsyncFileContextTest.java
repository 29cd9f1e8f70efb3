package dev.caio.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caio.CaioIOException;
import dev.caio.Operation;
import java.io.FileDescriptor;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * The base class's own bookkeeping, driven by a backend whose completions the test reports by hand: admission,
 * slots, short-write continuation, staging, detaching and close. (Real I/O is covered by the TCK on every backend.)
 */
class AbstractAsyncFileContextTest {
    private static final FileDescriptor FD = new FileDescriptor();

    /** A backend that records what it is asked to start and lets the test report outcomes. */
    static final class ManualContext extends AbstractAsyncFileContext {
        final ArrayDeque<Operation<?>> started = new ArrayDeque<>();
        final List<Operation<?>> cancelled = new ArrayList<>();
        boolean shutdownCalled;

        ManualContext(int maxRequests) {
            super("manual", maxRequests);
        }

        /** How many operations each start call was given. */
        final List<Integer> startCalls = new ArrayList<>();

        @Override
        protected void start(Operation<?>[] ops, int count) {
            startCalls.add(count);
            for (int i = 0; i < count; i++) {
                started.add(ops[i]);
            }
        }

        @Override
        protected void cancelRunning(Operation<?> op) {
            cancelled.add(op);
        }

        @Override
        protected boolean shutdown() {
            shutdownCalled = true;
            return true;
        }

        void report(Operation<?> op, long result) {
            complete(op, result);
        }
    }

    @Test
    void admitsAtMostMaxRequestsAndRefillsFreedSlotsInOrder() {
        ManualContext ctx = new ManualContext(2);
        List<Operation<byte[]>> ops = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ops.add(Operation.read(0, FD, i));
        }
        assertEquals(5, ctx.submit(ops));
        assertEquals(2, ctx.started.size());
        Operation<?> first = ctx.started.poll();
        int slot = AbstractAsyncFileContext.slot(first);
        ctx.report(first, 0);
        assertEquals(2, ctx.started.size());
        assertSame(ops.get(2), ctx.started.getLast(), "FIFO admission");
        assertEquals(slot, AbstractAsyncFileContext.slot(ops.get(2)), "the freed slot is reused");
        assertSame(ops.get(2), ctx.runningAt(slot));
    }

    @Test
    void aReportedBatchFreesEverySlotBeforeAnyFutureCompletesAndStartsWhatItAdmitsInOneCall() {
        ManualContext ctx = new ManualContext(4);
        Operation<Integer> read = Operation.read(ByteBuffer.allocateDirect(8), FD, 0);
        Operation<Integer> shortWrite = Operation.write(new byte[10], FD, 100);
        Operation<Void> failing = Operation.fsync(FD);
        Operation<Void> detached = Operation.fsync(FD);
        List<Operation<Void>> queued = List.of(Operation.fsync(FD), Operation.fsync(FD), Operation.fsync(FD));
        ctx.submit(read, shortWrite, failing, detached);
        ctx.submit(queued);
        assertEquals(List.of(4), ctx.startCalls, "four admitted, three wait for a slot");
        ctx.started.clear();
        assertTrue(detached.cancel(false));
        List<Boolean> slotsFreedFirst = new ArrayList<>();
        read.thenRun(() -> slotsFreedFirst.add(ctx.runningAt(AbstractAsyncFileContext.slot(queued.get(2))) != null
                && AbstractAsyncFileContext.slot(failing) < 0 && AbstractAsyncFileContext.slot(detached) < 0));

        ctx.completeAll(new Operation<?>[] {read, shortWrite, failing, detached}, new long[] {8, 4, -Errno.EIO, 0},
                null, 4);

        assertEquals(8, read.join());
        assertEquals(List.of(true), slotsFreedFirst, "the callback ran after the whole batch's slots were freed");
        assertEquals("EIO", assertInstanceOf(CaioIOException.class,
                assertThrows(CompletionException.class, failing::join).getCause()).errnoName());
        assertTrue(detached.released().isDone(), "the detached one only had its memory released");
        assertFalse(shortWrite.isDone(), "the short write goes on in its slot");
        assertEquals(List.of(4, 4), ctx.startCalls, "the short write and the three admitted start in one call");
        assertTrue(ctx.started.containsAll(queued) && ctx.started.contains(shortWrite));
        assertEquals(104, AbstractAsyncFileContext.position(shortWrite));
    }

    @Test
    void aReportNestedInACallbackOfABatchSettlesToo() {
        ManualContext ctx = new ManualContext(4);
        Operation<Void> outer = Operation.fsync(FD);
        Operation<Void> inner = Operation.fsync(FD);
        Operation<Void> last = Operation.fsync(FD);
        ctx.submit(outer, inner, last);
        outer.thenRun(() -> ctx.completeAll(new Operation<?>[] {inner}, new long[] {0}, null, 1));
        ctx.completeAll(new Operation<?>[] {outer, last}, new long[] {0, 0}, null, 2);
        assertTrue(outer.isDone() && inner.isDone() && last.isDone());
        assertFalse(inner.isCompletedExceptionally());
        Operation<Void> after = Operation.fsync(FD);
        ctx.submit(after);
        ctx.completeAll(new Operation<?>[] {after}, new long[] {-Errno.EBADF}, null, 1);
        assertTrue(after.isCompletedExceptionally(), "the scratch was handed back after the nested report");
    }

    @Test
    void aShortWriteIsContinuedFromWhereItStopped() {
        ManualContext ctx = new ManualContext(4);
        Operation<Integer> w = Operation.write(new byte[10], FD, 100);
        ctx.submit(w);
        ctx.report(ctx.started.poll(), 3);
        Operation<?> again = ctx.started.poll();
        assertSame(w, again);
        assertEquals(103, AbstractAsyncFileContext.position(w));
        assertEquals(7, AbstractAsyncFileContext.remaining(w));
        assertFalse(w.isDone());
        ctx.report(w, 7);
        assertEquals(10, w.join());
    }

    @Test
    void aWriteThatMakesNoProgressFailsWithEioInsteadOfSpinning() {
        ManualContext ctx = new ManualContext(4);
        Operation<Integer> w = Operation.write(new byte[10], FD, 0);
        ctx.submit(w);
        ctx.report(ctx.started.poll(), 0);
        CaioIOException e = assertInstanceOf(CaioIOException.class,
                assertThrows(CompletionException.class, w::join).getCause());
        assertEquals("EIO", e.errnoName());
    }

    @Test
    void aNegativeResultIsAnErrnoNotACount() {
        ManualContext ctx = new ManualContext(4);
        Operation<Integer> w = Operation.write(new byte[10], FD, 0);
        ctx.submit(w);
        ctx.report(ctx.started.poll(), -Errno.ENOSPC);
        CaioIOException e = assertInstanceOf(CaioIOException.class,
                assertThrows(CompletionException.class, w::join).getCause());
        assertEquals("ENOSPC", e.errnoName());
        assertEquals("write failed: ENOSPC (No space left on device)", e.getMessage());
    }

    @Test
    void aStagedReadIsCopiedOnlyWhileTheCallerStillWantsIt() {
        ManualContext ctx = new ManualContext(4);
        ByteBuffer staging = ByteBuffer.wrap(new byte[] {1, 2, 3, 4});
        Operation<byte[]> kept = Operation.read(4, FD, 0);
        ByteBuffer heap = ByteBuffer.allocate(4);
        Operation<Integer> dropped = Operation.read(heap, FD, 0);
        ctx.submit(kept, dropped);
        ctx.started.clear();
        assertTrue(dropped.cancel(false));
        assertEquals(List.of(dropped), ctx.cancelled, "the backend is told about the running operation");
        assertFalse(dropped.released().isDone(), "memory stays with the backend until it reports");
        ctx.completeRead(dropped, 4, staging);
        assertTrue(dropped.released().isDone());
        assertArrayEquals(new byte[4], heap.array(), "a cancelled read never writes heap memory");
        assertEquals(0, heap.position());
        ctx.completeRead(kept, 3, staging);
        assertArrayEquals(new byte[] {1, 2, 3}, kept.join(), "exactly the bytes read");
    }

    @Test
    void inlineCompletionOfALongQueueDoesNotRecurse() {
        AbstractAsyncFileContext inline = new AbstractAsyncFileContext("inline", 1) {
            @Override
            protected void start(Operation<?>[] ops, int count) {
                for (int i = 0; i < count; i++) {
                    complete(ops[i], 0);
                }
            }

            @Override
            protected boolean shutdown() {
                return true;
            }
        };
        List<Operation<Void>> ops = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            ops.add(Operation.fsync(FD));
        }
        inline.submit(ops);
        assertTrue(ops.stream().allMatch(o -> o.isDone() && !o.isCompletedExceptionally()));
    }

    @Test
    void closeFailsQueuedWorkAndWhatTheBackendLeftWithEcanceled() {
        ManualContext ctx = new ManualContext(1);
        Operation<Void> running = Operation.fsync(FD);
        Operation<Void> queued = Operation.fsync(FD);
        ctx.submit(running, queued);
        ctx.close();
        assertTrue(ctx.shutdownCalled);
        for (Operation<Void> op : List.of(running, queued)) {
            CaioIOException e = assertInstanceOf(CaioIOException.class,
                    assertThrows(CompletionException.class, op::join).getCause());
            assertEquals("ECANCELED", e.errnoName());
            assertTrue(op.released().isDone());
        }
        ctx.report(running, 0); // a late report after close is ignored
        assertThrows(IllegalStateException.class, () -> ctx.submit(Operation.fsync(FD)));
    }

    @Test
    void completingByHandDetachesLikeACancel() {
        ManualContext ctx = new ManualContext(1);
        Operation<byte[]> op = Operation.read(4, FD, 0);
        ctx.submit(op);
        assertTrue(op.complete(new byte[0]));
        assertEquals(1, ctx.cancelled.size());
        assertThrows(UnsupportedOperationException.class, () -> op.obtrudeValue(null));
        ctx.completeRead(op, 4, ByteBuffer.allocate(4));
        assertEquals(0, op.join().length, "the caller's value stands");
    }

    @Test
    void cancelCountsOnlyOperationsRemovedFromTheQueue() {
        ManualContext ctx = new ManualContext(1);
        Operation<Void> running = Operation.fsync(FD);
        Operation<Void> queued = Operation.fsync(FD);
        ctx.submit(running, queued);
        assertEquals(1, ctx.cancel(running, queued));
        assertTrue(running.isCancelled() && queued.isCancelled());
        ctx.report(running, 0);
        assertTrue(ctx.started.contains(running) && !ctx.started.contains(queued), "the queued one never started");
    }
}
