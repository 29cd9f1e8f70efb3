package dev.caio.spi;

import dev.caio.Operation;
import dev.caio.internal.OperationAccess;
import dev.caio.internal.OperationOwner;
import java.util.List;
import java.util.Objects;

/**
 * Admission: binds submitted operations to their context, gives them slots (the rest wait in the slots' queue) and
 * starts what was admitted; cancels what still waits. One path serves a single operation and a batch; the single
 * one allocates nothing beyond the operation itself.
 */
final class Admission {
    private static final OperationAccess OPS = OperationAccess.get();

    private final AbstractAsyncFileContext context;
    private final Slots slots;
    private final OperationOwner owner;

    Admission(AbstractAsyncFileContext context, Slots slots, OperationOwner owner) {
        this.context = context;
        this.slots = slots;
        this.owner = owner;
    }

    /** Submits one operation; see {@link dev.caio.AsyncFileContext#submit(Operation...)} for the failures. */
    <T> Operation<T> one(Operation<T> op) {
        bind(op);
        if (readNow(op)) {
            return op;
        }
        boolean admitted;
        synchronized (slots.lock) {
            if (slots.closedLocked()) {
                OPS.unbind(op);
                throw closed();
            }
            admitted = slots.admitLocked(op);
        }
        if (admitted) {
            Dispatch.startOne(context, op);
        }
        return op;
    }

    /**
     * Lets the backend serve a read on this thread before it takes a slot ({@link AbstractAsyncFileContext#readNow}):
     * a page-cache hit then costs its system call and no lock. Returns true when the operation is settled (or was
     * detached meanwhile); false leaves it QUEUED for the slot path, which also reports every failure. A guarded
     * descriptor whose close begins during the read may have been reused by another file, so its bytes are dropped
     * and the slot path decides.
     */
    private boolean readNow(Operation<?> op) {
        if (op.kind() != Operation.Kind.READ || op.nbytes() == 0 || AbstractAsyncFileContext.directBuffer(op) == null
                || slots.closedNow() || Outcomes.overflow(op) != null) {
            return false; // the slot path reports an overflowing range
        }
        long closes = DescriptorGuard.closesBegun();
        if (DescriptorGuard.closing(op.fd()) != null
                || !OPS.transition(op, OperationAccess.QUEUED, OperationAccess.RUNNING)) {
            return false; // the slot path fails it (closing) or drops it (cancelled)
        }
        long n = context.readNow(op);
        if (n != AbstractAsyncFileContext.NOT_NOW && DescriptorGuard.closesBegun() == closes) {
            Outcomes.finishNow(op, (int) n);
            return true;
        }
        if (OPS.transition(op, OperationAccess.RUNNING, OperationAccess.QUEUED)) {
            return false;
        }
        Outcomes.released(op); // detached by its caller meanwhile
        return true;
    }

    /** Submits a batch, all or none bound; returns its size. */
    int all(List<? extends Operation<?>> ops) {
        int n = ops.size();
        if (n == 1) {
            one(Objects.requireNonNull(ops.get(0), "operation")); // a batch of one is a single call
            return 1;
        }
        for (int i = 0; i < n; i++) {
            Objects.requireNonNull(ops.get(i), "operation");
        }
        for (int i = 0; i < n; i++) {
            try {
                bind(ops.get(i));
            } catch (IllegalStateException e) {
                unbind(ops, i);
                throw e;
            }
        }
        Operation<?>[] admitted = null;
        int count = 0;
        synchronized (slots.lock) {
            if (slots.closedLocked()) {
                unbind(ops, n);
                throw closed();
            }
            for (int i = 0; i < n; i++) {
                Operation<?> op = ops.get(i);
                int free = slots.freeLocked();
                if (slots.admitLocked(op)) {
                    if (admitted == null) {
                        admitted = new Operation<?>[Math.min(n - i, free)];
                    }
                    admitted[count++] = op;
                }
            }
        }
        if (count > 0) {
            Dispatch.start(context, admitted, count);
        }
        return n;
    }

    /** Removes the operations of this context that still wait for a slot; returns how many. */
    int cancel(Operation<?>[] ops) {
        int removed = 0;
        for (Operation<?> op : ops) {
            if (op != null && OPS.owner(op) == owner && OPS.cancel(op) == OperationAccess.QUEUED) {
                removed++;
            }
        }
        return removed;
    }

    private void bind(Operation<?> op) {
        if (!OPS.bind(op, owner)) {
            throw new IllegalStateException(op + " was already submitted, cancelled or completed");
        }
    }

    private static void unbind(List<? extends Operation<?>> ops, int upTo) {
        for (int i = 0; i < upTo; i++) {
            OPS.unbind(ops.get(i));
        }
    }

    private IllegalStateException closed() {
        return new IllegalStateException("context (" + context.implementation() + ") is closed");
    }
}
