package dev.caio.spi;

import dev.caio.CaioIOException;
import dev.caio.Operation;
import java.util.ArrayDeque;

/**
 * Dispatch: starting admitted operations. Starts are flattened per thread (a trampoline): a backend that completes
 * inline admits the next operation from inside its {@code start}, and without it a long queue would recurse once per
 * operation. Each start screens the operations first and fails them alone where they cannot run; a refusing backend
 * fails the rest.
 */
final class Dispatch {
    private static final ThreadLocal<Dispatch> CURRENT = ThreadLocal.withInitial(Dispatch::new);

    private record Batch(AbstractAsyncFileContext context, Operation<?>[] ops, int count) {
    }

    private boolean active;
    /** Reused for single-operation starts, which are never queued in {@link #pending} (those get a copy). */
    private final Operation<?>[] single = new Operation<?>[1];
    private final ArrayDeque<Batch> pending = new ArrayDeque<>();

    private Dispatch() {
    }

    /** Starts one operation of {@code context}, now or, inside another start on this thread, right after it. */
    static void startOne(AbstractAsyncFileContext context, Operation<?> op) {
        Dispatch t = CURRENT.get();
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
        Dispatch t = CURRENT.get();
        if (t.active) {
            t.pending.add(new Batch(context, ops, count));
            return;
        }
        t.run(context, ops, count);
    }

    private void run(AbstractAsyncFileContext context, Operation<?>[] ops, int count) {
        active = true;
        try {
            startOrFail(context, ops, count);
            Batch b;
            while ((b = pending.poll()) != null) {
                startOrFail(b.context(), b.ops(), b.count());
            }
        } finally {
            active = false;
        }
    }

    /** Screens admitted operations and hands the rest to the backend; a refusal by the backend fails them. */
    static void startOrFail(AbstractAsyncFileContext context, Operation<?>[] ops, int count) {
        count = screen(context, ops, count);
        if (count == 0) {
            return;
        }
        try {
            context.start(ops, count);
        } catch (Throwable e) {
            if (e instanceof VirtualMachineError fatal && !(e instanceof OutOfMemoryError)) {
                throw fatal;
            }
            // A backend refuses work once close() has stopped it: that is a cancellation, not an I/O error.
            boolean closing = context.isClosed();
            String implementation = context.implementation();
            for (int i = 0; i < count; i++) {
                context.fail(ops[i], closing ? Outcomes.contextClosed(implementation)
                        : e instanceof OutOfMemoryError oom ? Outcomes.outOfMemory(ops[i], oom)
                        : new CaioIOException(Errno.EIO, "EIO", implementation + " backend refused the operation: " + e,
                                e));
            }
        }
    }

    /**
     * Checks each operation on its own before the backend sees it, so one bad operation never fails a batch: a
     * transfer whose end overflows the largest file offset fails with {@code EINVAL}, and one on a guarded
     * descriptor whose close has begun with {@code EBADF} (the close counted it if it was admitted before; see
     * {@link DescriptorGuard}). The others are compacted to the front; returns how many.
     */
    private static int screen(AbstractAsyncFileContext context, Operation<?>[] ops, int count) {
        int kept = 0;
        for (int i = 0; i < count; i++) {
            Operation<?> op = ops[i];
            CaioIOException refused = Outcomes.overflow(op);
            if (refused == null && DescriptorGuard.closing(op.fd()) != null) {
                refused = Outcomes.closedFile(op);
            }
            if (refused == null) {
                ops[kept++] = op;
            } else {
                context.fail(op, refused);
            }
        }
        for (int i = kept; i < count; i++) {
            ops[i] = null;
        }
        return kept;
    }
}
