package dev.caio.spi;

import dev.caio.Operation;
import java.util.ArrayDeque;

/**
 * Starts admitted operations, flattened per thread: a backend that completes inline admits the next operation from
 * inside its {@code start}, and without the trampoline a long queue would recurse once per operation.
 */
final class Trampoline {
    private static final ThreadLocal<Trampoline> CURRENT = ThreadLocal.withInitial(Trampoline::new);

    private record Batch(AbstractAsyncFileContext context, Operation<?>[] ops, int count) {
    }

    private boolean active;
    /** Reused for single-operation starts, which are never queued in {@link #pending} (those get a copy). */
    private final Operation<?>[] single = new Operation<?>[1];
    private final ArrayDeque<Batch> pending = new ArrayDeque<>();

    private Trampoline() {
    }

    /** Starts one operation of {@code context}, now or, inside another start on this thread, right after it. */
    static void startOne(AbstractAsyncFileContext context, Operation<?> op) {
        Trampoline t = CURRENT.get();
        if (t.active) {
            t.pending.add(new Batch(context, new Operation<?>[] {op}, 1));
            return;
        }
        t.single[0] = op;
        try {
            t.run(context, t.single, 1);
        } finally {
            t.single[0] = null;
        }
    }

    /** Starts {@code ops[0..count)}; the array may be kept until then, so it must be the caller's to give. */
    static void start(AbstractAsyncFileContext context, Operation<?>[] ops, int count) {
        Trampoline t = CURRENT.get();
        if (t.active) {
            t.pending.add(new Batch(context, ops, count));
            return;
        }
        t.run(context, ops, count);
    }

    private void run(AbstractAsyncFileContext context, Operation<?>[] ops, int count) {
        active = true;
        try {
            Dispatch.startOrFail(context, ops, count);
            Batch b;
            while ((b = pending.poll()) != null) {
                Dispatch.startOrFail(b.context(), b.ops(), b.count());
            }
        } finally {
            active = false;
        }
    }
}
