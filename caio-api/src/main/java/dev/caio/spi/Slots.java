package dev.caio.spi;

import dev.caio.Operation;
import dev.caio.internal.OperationAccess;
import java.io.FileDescriptor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A context's admission: at most {@code maxRequests} operations in the backend, each in a slot numbered below it, the
 * rest waiting in submission order; and whether the context is closed. Methods named {@code ...Locked} must be called
 * holding {@link #lock}; the others take it.
 */
final class Slots {
    private static final OperationAccess OPS = OperationAccess.get();
    private static final int NONE = -1;

    final Object lock = new Object();
    private final ArrayDeque<Operation<?>> waiting = new ArrayDeque<>();
    /** {@code waiting.size()}, written under {@link #lock}, for {@link #hasWaiting()}'s look without it. */
    private volatile int waitingCount;
    private final Operation<?>[] running;
    private final int[] free;
    private int freeCount;
    /** Written under {@link #lock}; volatile for {@link #closedNow()}. */
    private volatile boolean closed;
    /** The first close() has returned; later callers wait for it (on {@link #lock}). */
    private boolean closeFinished;

    Slots(int maxRequests) {
        running = new Operation<?>[maxRequests];
        free = new int[maxRequests];
        for (int i = 0; i < maxRequests; i++) {
            free[i] = maxRequests - 1 - i;
        }
        freeCount = maxRequests;
    }

    /** The operation in {@code slot}, or null; read without the lock, so only a hint unless the caller owns it. */
    Operation<?> runningAt(int slot) {
        return running[slot];
    }

    /** Whether {@code op} holds its slot still, that is, has not been settled. */
    boolean holds(Operation<?> op) {
        int slot = OPS.slot(op);
        return slot >= 0 && running[slot] == op;
    }

    /** Whether close() has begun, without the lock: a hint that is exact once close() has returned. */
    boolean closedNow() {
        return closed;
    }

    boolean closedLocked() {
        return closed;
    }

    /**
     * Gives a queued {@code op} a free slot if none waits ahead of it (returns true: start it now), else queues it
     * (false); an operation cancelled meanwhile is dropped (false).
     */
    boolean admitLocked(Operation<?> op) {
        if (freeCount > 0 && waiting.isEmpty()) {
            if (OPS.transition(op, OperationAccess.QUEUED, OperationAccess.RUNNING)) {
                int slot = free[--freeCount];
                running[slot] = op;
                OPS.setSlot(op, slot);
                return true;
            }
            return false;
        }
        waiting.add(op);
        waitingCount = waiting.size();
        return false;
    }

    /** How many more operations could be admitted now. */
    int freeLocked() {
        return freeCount;
    }

    /** Frees {@code op}'s slot and admits the next queued operation into it, which is returned (or null). */
    Operation<?> releaseLocked(Operation<?> op) {
        int slot = OPS.slot(op);
        if (slot < 0 || running[slot] != op) {
            return null; // settled twice at once (close() racing a failed start): the slot was freed already
        }
        running[slot] = null;
        OPS.setSlot(op, NONE);
        while (!waiting.isEmpty()) {
            Operation<?> candidate = waiting.poll();
            waitingCount = waiting.size();
            if (OPS.transition(candidate, OperationAccess.QUEUED, OperationAccess.RUNNING)) {
                running[slot] = candidate;
                OPS.setSlot(candidate, slot);
                return candidate;
            }
        }
        free[freeCount++] = slot;
        return null;
    }

    /**
     * Whether operations wait for a slot, without the lock: a submitting thread asks once per call, and a stale
     * answer only moves one delivery between it and the completion thread.
     */
    boolean hasWaiting() {
        return waitingCount > 0;
    }

    boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /** Marks the context closed and takes the queue; null if it was closed already. */
    List<Operation<?>> closeLocked() {
        if (closed) {
            return null;
        }
        closed = true;
        List<Operation<?>> drained = new ArrayList<>(waiting);
        waiting.clear();
        waitingCount = 0;
        return drained;
    }

    /** The operations still holding a slot. */
    List<Operation<?>> running() {
        List<Operation<?>> list = new ArrayList<>();
        synchronized (lock) {
            for (Operation<?> op : running) {
                if (op != null) {
                    list.add(op);
                }
            }
        }
        return list;
    }

    /** The first close() is done: wake those waiting for it. */
    void closeFinished() {
        synchronized (lock) {
            closeFinished = true;
            lock.notifyAll();
        }
    }

    /** Waits, holding the lock, until the first close() is done. */
    void awaitCloseFinishedLocked() {
        boolean interrupted = false;
        while (!closeFinished) {
            try {
                lock.wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Tags with {@code guard}, and counts into it, every operation on {@code fd} holding a slot and not tagged yet;
     * under the lock, so none is missed and none is counted after it was settled (settling frees the slot under the
     * same lock, then leaves the guard). Returns them, or null if none.
     */
    List<Operation<?>> claim(FileDescriptor fd, DescriptorGuard guard) {
        List<Operation<?>> mine = null;
        synchronized (lock) {
            for (Operation<?> op : running) {
                if (op != null && op.fd() == fd && OPS.guard(op) == null) {
                    OPS.setGuard(op, guard);
                    guard.enter();
                    if (mine == null) {
                        mine = new ArrayList<>();
                    }
                    mine.add(op);
                }
            }
        }
        return mine;
    }
}
