package dev.caio.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caio.Operation;
import java.io.FileDescriptor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

/**
 * The read a backend serves before it takes a slot ({@link AbstractAsyncFileContext#readNow}): what it settles, when
 * it is not asked, and how it falls back to the slot path. (The real one, a page-cache hit, runs in the TCK of every
 * native backend.)
 */
class ReadNowTest {
    private static final FileDescriptor FD = new FileDescriptor();

    /** A backend whose readNow is the test's, and whose slot path records what it is asked to start. */
    static final class NowContext extends AbstractAsyncFileContext {
        final List<Operation<?>> started = new ArrayList<>();
        final List<Operation<?>> askedNow = new ArrayList<>();
        ToLongFunction<Operation<?>> now = op -> NOT_NOW;

        NowContext() {
            super("now", 4);
        }

        @Override
        protected long readNow(Operation<?> op) {
            askedNow.add(op);
            return now.applyAsLong(op);
        }

        @Override
        protected void start(Operation<?>[] ops, int count) {
            for (int i = 0; i < count; i++) {
                started.add(ops[i]);
            }
        }

        @Override
        protected boolean shutdown() {
            return true;
        }

        void report(Operation<?> op, long result) {
            complete(op, result);
        }
    }

    @Test
    void aHitIsSettledOnTheCallingThreadWithoutASlot() throws Exception {
        try (NowContext ctx = new NowContext()) {
            ctx.now = op -> {
                ByteBuffer b = AbstractAsyncFileContext.directBuffer(op);
                for (int i = 0; i < AbstractAsyncFileContext.remaining(op); i++) {
                    b.put(AbstractAsyncFileContext.directIndex(op) + i, (byte) 7);
                }
                return AbstractAsyncFileContext.remaining(op);
            };
            ByteBuffer buf = ByteBuffer.allocateDirect(16).position(4);
            Operation<Integer> op = Operation.read(buf, FD, 100);
            assertSame(op, ctx.submit(op) == 1 ? op : null);
            assertTrue(op.isDone());
            assertEquals(12, op.get());
            assertEquals(16, buf.position(), "the buffer advanced as on the slot path");
            assertEquals(7, buf.get(15));
            assertTrue(op.released().isDone());
            assertTrue(ctx.started.isEmpty(), "no slot, no start");
        }
    }

    @Test
    void onlyDirectReadsOfAtLeastOneByteOnAnOpenContextAreAsked() {
        NowContext ctx = new NowContext();
        ctx.submit(Operation.read(ByteBuffer.allocate(8), FD, 0)); // heap
        ctx.submit(Operation.read(ByteBuffer.allocateDirect(0), FD, 0)); // empty
        ctx.submit(Operation.write(ByteBuffer.allocateDirect(8), FD, 0));
        ctx.submit(Operation.read(ByteBuffer.allocateDirect(8), FD, Long.MAX_VALUE - 2)); // overflows
        assertTrue(ctx.askedNow.isEmpty(), ctx.askedNow::toString);
        assertEquals(3, ctx.started.size(), "the overflow fails in screening, the rest start");
        ctx.close();
        assertThrows(IllegalStateException.class, () -> ctx.read(ByteBuffer.allocateDirect(8), FD, 0));
        assertTrue(ctx.askedNow.isEmpty());
    }

    @Test
    void notNowTakesTheSlotPathWithTheOperationUntouched() throws Exception {
        try (NowContext ctx = new NowContext()) {
            Operation<Integer> op = Operation.read(ByteBuffer.allocateDirect(8), FD, 0);
            ctx.submit(op);
            assertEquals(List.of(op), ctx.askedNow);
            assertEquals(List.of(op), ctx.started);
            assertFalse(op.isDone());
            ctx.report(op, 8);
            assertEquals(8, op.get());
        }
    }

    @Test
    void aGuardedCloseBegunDuringTheReadDropsItsBytesForTheSlotPath() throws Exception {
        try (NowContext ctx = new NowContext()) {
            FileDescriptor other = new FileDescriptor();
            ctx.now = op -> {
                try {
                    DescriptorGuard.register(other, () -> { }).close(); // any guarded close, as a reused number
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
                return 8;
            };
            Operation<Integer> op = Operation.read(ByteBuffer.allocateDirect(8), FD, 0);
            ctx.submit(op);
            assertFalse(op.isDone(), "what was read may be another file's");
            assertEquals(List.of(op), ctx.started);
            ctx.report(op, 8);
            assertEquals(8, op.get());
        }
    }

    @Test
    void anOperationCancelledDuringTheReadIsOnlyReleased() {
        try (NowContext ctx = new NowContext()) {
            ctx.now = op -> {
                op.cancel(true);
                return AbstractAsyncFileContext.NOT_NOW;
            };
            Operation<Integer> op = Operation.read(ByteBuffer.allocateDirect(8), FD, 0);
            ctx.submit(op);
            assertThrows(CancellationException.class, op::join);
            assertTrue(op.released().isDone());
            assertTrue(ctx.started.isEmpty());
        }
    }
}
