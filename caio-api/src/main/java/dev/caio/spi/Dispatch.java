package dev.caio.spi;

import dev.caio.CaioIOException;
import dev.caio.Operation;

/**
 * Dispatch: the last look at admitted operations before the backend's {@code start}, and what a refusing backend
 * means for them.
 */
final class Dispatch {
    private Dispatch() {
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
