package dev.caio.internal.natives;

import dev.caio.Operation;
import dev.caio.spi.AbstractAsyncFileContext;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The Java half every native backend shares: batches operations into one JNI crossing, stages heap memory through
 * per-slot direct buffers, and runs the completion thread that reaps completions in batches from the native engine
 * and reports them. A backend supplies the five native calls.
 *
 * <p>Memory: the engine only ever sees direct buffers (the caller's, zero-copy, or a staging buffer owned by the
 * slot), and the slot keeps the operation, and so its buffer, reachable until the completion is reaped. The native
 * handle is freed by the completion thread after the engine reported its last completion, so no native call can
 * touch freed memory: calls from other threads hold the read side of {@link #handleLock}.
 */
public abstract class NativeContext extends AbstractAsyncFileContext {
    /** Staging buffers up to this size stay with their slot for reuse. */
    private static final int CACHED_STAGING_LIMIT = 1 << 20;
    private static final int PARAMS = 5;
    private static final int PAGE = 4096;
    static final int READ = 0, WRITE = 1, FSYNC = 2, FDSYNC = 3;

    private final ByteBuffer[] staging;
    private final boolean deliverInline;
    private final ThreadLocal<Batch> batches = ThreadLocal.withInitial(Batch::new);
    private final ReentrantReadWriteLock handleLock = new ReentrantReadWriteLock();
    private boolean handleFreed;
    private Thread completionThread;

    /** Per-thread submission arrays, reused so that a submission allocates nothing. */
    private static final class Batch {
        final long[] completions = new long[2 * 64];
        Object[] fds = new Object[16];
        Object[] buffers = new Object[16];
        long[] params = new long[16 * PARAMS];

        void ensure(int n) {
            if (fds.length < n) {
                int size = Math.max(n, fds.length * 2);
                fds = new Object[size];
                buffers = new Object[size];
                params = new long[size * PARAMS];
            }
        }
    }

    /**
     * @param deliverInline after each submission, take the completions the kernel already produced (io_uring and
     *        native AIO copy page-cache hits during the submitting call) and complete them on the submitting thread,
     *        saving the hand-off to the completion thread; skipped while operations wait for a slot, so that a
     *        caller never ends up running the queue inside its submitting call
     */
    protected NativeContext(String implementation, int maxRequests, boolean deliverInline) {
        super(implementation, maxRequests);
        this.staging = new ByteBuffer[maxRequests];
        this.deliverInline = deliverInline;
    }

    /** Starts the completion thread; call once at the end of the subclass constructor. */
    protected final void startCompletionThread(String name) {
        completionThread = new Thread(this::reapLoop, name);
        completionThread.setDaemon(true);
        completionThread.start();
    }

    // ------------------------------------------------------------- the native engine

    /** Queues {@code count} operations in one crossing; see the backends' native contract. */
    protected abstract void nativeSubmit(Object[] fds, Object[] buffers, long[] params, int count);

    /** Blocks for completions, fills {@code (slot, result)} pairs, returns their number, or -1 when shut down. */
    protected abstract int nativeReap(long[] out);

    /** Like {@link #nativeReap} without waiting: the completions already there, 0 if none. */
    protected abstract int nativePoll(long[] out);

    /** Cancels the queued request in {@code slot}; true if it will complete with {@code -ECANCELED}. */
    protected abstract boolean nativeCancel(int slot);

    /** Stops the engine: queued work completes with {@code -ECANCELED}, running work finishes, threads are joined. */
    protected abstract void nativeShutdown();

    /** Frees the engine; called once, by the completion thread, after the last completion. */
    protected abstract void nativeDestroy();

    // ------------------------------------------------------------- AbstractAsyncFileContext

    @Override
    protected final void start(Operation<?>[] ops, int count) {
        Batch b = batches.get();
        b.ensure(count);
        for (int i = 0; i < count; i++) {
            pack(ops[i], b, i);
        }
        handleLock.readLock().lock();
        try {
            if (handleFreed) {
                throw new IllegalStateException("context is closed");
            }
            nativeSubmit(b.fds, b.buffers, b.params, count);
        } finally {
            handleLock.readLock().unlock();
            Arrays.fill(b.fds, 0, count, null);
            Arrays.fill(b.buffers, 0, count, null);
        }
        if (deliverInline && !hasQueuedOperations()) {
            try {
                deliverReady(b.completions);
            } catch (RuntimeException e) {
                // The batch was accepted: a failure here must not reach the base, which would fail it a second time.
                // What was not delivered here is reaped by the completion thread.
                Thread t = Thread.currentThread();
                t.getUncaughtExceptionHandler().uncaughtException(t, e);
            }
        }
    }

    /** Completes, on this thread, what the engine finished during the submission. */
    private void deliverReady(long[] out) {
        int n;
        handleLock.readLock().lock();
        try {
            n = handleFreed ? 0 : nativePoll(out);
        } finally {
            handleLock.readLock().unlock();
        }
        for (int i = 0; i < n; i++) {
            deliver((int) out[2 * i], out[2 * i + 1]);
        }
    }

    private void pack(Operation<?> op, Batch b, int i) {
        int slot = slot(op);
        int length = remaining(op);
        int base = i * PARAMS;
        b.fds[i] = op.fd();
        b.params[base] = slot;
        b.params[base + 1] = kind(op);
        b.params[base + 2] = position(op);
        b.params[base + 4] = length;
        ByteBuffer direct = directBuffer(op);
        if (length == 0) {
            b.buffers[i] = null;
            b.params[base + 3] = 0;
        } else if (direct != null) {
            b.buffers[i] = direct;
            b.params[base + 3] = directIndex(op);
        } else if (op.kind() == Operation.Kind.READ || op.kind() == Operation.Kind.WRITE) {
            ByteBuffer s = staging(slot, length);
            if (op.kind() == Operation.Kind.WRITE) {
                copySource(op, s.clear());
            }
            b.buffers[i] = s;
            b.params[base + 3] = 0;
        } else {
            b.buffers[i] = null;
            b.params[base + 3] = 0;
        }
    }

    private static int kind(Operation<?> op) {
        return switch (op.kind()) {
            case READ -> READ;
            case WRITE -> WRITE;
            case FSYNC -> FSYNC;
            case FDSYNC -> FDSYNC;
        };
    }

    /** The slot's staging buffer, grown to {@code length}; only the slot's owner touches it. */
    private ByteBuffer staging(int slot, int length) {
        ByteBuffer s = staging[slot];
        if (s == null || s.capacity() < length) {
            // Page-aligned, so that heap data can go to O_DIRECT files whose offsets and lengths are aligned.
            int size = (Math.max(length, 16 * 1024) + PAGE - 1) & -PAGE;
            s = ByteBuffer.allocateDirect(size + PAGE).alignedSlice(PAGE);
            staging[slot] = s;
        }
        return s;
    }

    @Override
    protected final void cancelRunning(Operation<?> op) {
        int slot = slot(op);
        if (slot < 0) {
            return;
        }
        // The write side keeps submissions out while we look: a slot that completed and was handed to a new
        // operation cannot reach the engine in between, so the check below is still true when the engine cancels.
        handleLock.writeLock().lock();
        try {
            if (!handleFreed && runningAt(slot) == op) {
                nativeCancel(slot);
            }
        } finally {
            handleLock.writeLock().unlock();
        }
    }

    @Override
    protected final boolean shutdown() {
        handleLock.readLock().lock();
        try {
            if (!handleFreed) {
                nativeShutdown();
            }
        } finally {
            handleLock.readLock().unlock();
        }
        if (Thread.currentThread() == completionThread) {
            return false; // closed from a callback: the loop ends after this batch and frees the engine
        }
        boolean interrupted = false;
        while (completionThread.isAlive()) {
            try {
                completionThread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    private void reapLoop() {
        long[] out = new long[2 * 256];
        try {
            int n;
            while ((n = nativeReap(out)) >= 0) {
                for (int i = 0; i < n; i++) {
                    deliver((int) out[2 * i], out[2 * i + 1]);
                }
            }
        } finally {
            handleLock.writeLock().lock();
            try {
                handleFreed = true;
                nativeDestroy();
            } finally {
                handleLock.writeLock().unlock();
            }
        }
    }

    private void deliver(int slot, long result) {
        Operation<?> op = runningAt(slot);
        if (op == null) {
            return;
        }
        try {
            ByteBuffer s = staging[slot];
            if (s != null && s.capacity() > CACHED_STAGING_LIMIT) {
                staging[slot] = null; // too big to keep; cleared before the slot can be reused
            }
            if (op.kind() == Operation.Kind.READ && directBuffer(op) == null) {
                completeRead(op, result, s);
            } else {
                complete(op, result);
            }
        } catch (RuntimeException | Error e) {
            // A callback of the caller threw: that must not stop the delivery of the other completions.
            Thread t = Thread.currentThread();
            t.getUncaughtExceptionHandler().uncaughtException(t, e);
        }
    }
}
