package dev.caio.internal.natives;

import dev.caio.AsyncFileContext;
import dev.caio.Operation;
import dev.caio.spi.AbstractAsyncFileContext;
import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The context of every native backend: batches operations into one JNI crossing, stages heap memory through
 * per-slot direct buffers, and runs the completion thread, {@code caio-<backend>-completion-<n>}, that reaps
 * completions in batches from the native engine and reports them. A backend supplies its natives as a
 * {@link NativeEngine}; {@link NativeBackend#createContext} creates the context. What only some engines have (a
 * description of what they run with, staging memory of their own) comes through the engine's default methods, so no
 * backend needs a subclass.
 *
 * <p>Thread-safe, as {@link AsyncFileContext} requires.
 *
 * <p>Memory: the engine only ever sees direct buffers (the caller's, zero-copy, or a staging buffer owned by the
 * slot), and the slot keeps the operation, and so its buffer, reachable until the completion is reaped. The native
 * handle is freed by the completion thread after the engine reported its last completion, so no native call can
 * touch freed memory: calls from other threads hold the read side of {@link #handleLock}.
 *
 * <p>Staging memory the engine owns ({@link SlotStaging}) is freed with the handle too, so every touch of it
 * happens before that: writes are copied in under the read lock, the completion thread delivers before it frees,
 * and a submitting thread delivering inline is counted in {@link #outsideUsers}, as is a thread waiting in the engine
 * ({@link #awaitRunning}), which must not hold the lock that cancel and close take. The handle is freed by whoever
 * comes last: the completion thread when no such thread is left, else the last of them. Nobody waits for another
 * here, since a delivery runs the caller's callbacks, which may block on a thread in close().
 */
public final class NativeContext extends AbstractAsyncFileContext {
    private final SlotStaging staging;
    private final boolean deliverInline;
    private final NativeEngine engine;
    private final long handle;
    /** Descriptors that passed the engine's positional check: an operation transferred bytes through it. */
    private final KnownFiles positional = new KnownFiles();
    /** Descriptors whose reads {@link #readNow} served: buffered, not {@code O_DIRECT}. */
    private final KnownFiles servedNow = new KnownFiles();
    /** Descriptors whose reads it never can serve ({@code O_DIRECT}, or a file system without RWF_NOWAIT). */
    private final KnownFiles neverNow = new KnownFiles();
    /** What the engine runs with ({@link NativeEngine#featuresOf}), or {@code ""}; fixed at create. */
    private final String features;
    /** Whether the engine has staging memory of its own; decided once, before the completion thread starts. */
    private final boolean hasEngineStaging;
    /**
     * Threads using the handle or the engine's staging memory outside {@link #handleLock}: submitters delivering
     * inline while {@link #hasEngineStaging}, and threads waiting in {@link #awaitRunning}; the last one may free it.
     */
    private final AtomicInteger outsideUsers = new AtomicInteger();
    /** Joining threads may wait in the engine: delivering inline, until the engine says it never waits. */
    private volatile boolean awaits;
    private final ThreadLocal<SubmitArrays> batches = ThreadLocal.withInitial(SubmitArrays::new);
    private final ReentrantReadWriteLock handleLock = new ReentrantReadWriteLock();
    /** No native call may start any more (write lock); the handle itself is freed once {@link #destroyed}. */
    private volatile boolean handleFreed;
    private boolean destroyed;
    private final Thread completionThread;

    /**
     * Creates the engine and starts the completion thread.
     *
     * @param implementation the backend's name
     * @param maxRequests the number of slots, already checked
     * @param deliverInline with each submission, take back the completions already done (io_uring and native AIO
     *        copy page-cache hits during the submitting call, the thread pool runs them there) and complete them on
     *        the submitting thread, saving the hand-off to the completion thread; skipped while operations wait for a
     *        slot, so that a caller never ends up running the queue inside its submitting call
     * @param engine the backend's natives
     * @param option the backend's option word for {@link NativeEngine#create}
     * @param threadName the completion thread's name
     * @throws java.io.UncheckedIOException naming the limit and its fix when the kernel refuses (see
     *         {@link CreationFailure})
     */
    NativeContext(String implementation, int maxRequests, boolean deliverInline, NativeEngine engine, int option,
                  String threadName) {
        super(implementation, maxRequests);
        this.deliverInline = deliverInline;
        this.awaits = deliverInline;
        this.engine = engine;
        NativeLayout.check(engine);
        try {
            this.handle = engine.create(maxRequests, option);
        } catch (IOException e) {
            throw CreationFailure.of(implementation, maxRequests, e);
        }
        this.features = engine.featuresOf(handle);
        this.staging = new SlotStaging(maxRequests, engine, handle);
        this.hasEngineStaging = staging.hasEngineMemory();
        completionThread = new Thread(this::reapLoop, threadName);
        completionThread.setDaemon(true);
        completionThread.start();
    }

    /**
     * The engine's handle, for a backend's own natives and test seams (such as linux's refused-sync switch). Valid
     * until the context is closed and its completion thread has freed it; a native called with it after that touches
     * freed memory, so only a caller that keeps the context open may use it. Thread-safe.
     *
     * @return the handle {@link NativeEngine#create} returned
     */
    public long handle() {
        return handle;
    }

    /**
     * What the engine runs with, fixed when it was created (io_uring: SQPOLL granted or not, registered buffers on,
     * off or refused, sizes), for {@code caio info}, {@link #toString()} and tests; {@code ""} for an engine without
     * such a description. Never throws; thread-safe.
     *
     * @return the engine's description, or {@code ""}
     */
    public String features() {
        return features;
    }

    /** The base description, followed by {@code [<features>]} when the engine has any. */
    @Override
    public String toString() {
        return features.isEmpty() ? super.toString() : super.toString() + "[" + features + "]";
    }

    // ------------------------------------------------------------- the native engine

    // ------------------------------------------------------------- AbstractAsyncFileContext

    @Override
    protected final void start(Operation<?>[] ops, int count) {
        SubmitArrays b = batches.get();
        b.ensure(count);
        // Completions done during the submission are taken back in the same crossing and completed here, saving the
        // hand-off to the completion thread; not while operations wait for a slot, so that a caller never ends up
        // running the queue inside its submitting call.
        long[] done = deliverInline && !hasQueuedOperations() ? b.completions : null;
        int n = 0;
        int packed = 0;
        int starved = 0;
        OutOfMemoryError oom = null;
        // Packing copies writes into staging memory, which may be the engine's: hold the handle while doing so.
        handleLock.readLock().lock();
        try {
            if (handleFreed) {
                throw new IllegalStateException("context is closed");
            }
            Object previousFd = null;
            int detached = CallerThreads.currentIsVirtual() ? NativeLayout.DETACHED : 0;
            for (int i = 0; i < count; i++) {
                Operation<?> op = ops[i];
                try {
                    pack(op, b, packed, op.fd() == previousFd, detached);
                } catch (OutOfMemoryError e) { // no staging memory: this operation fails alone, the batch goes on
                    oom = e;
                    b.starved[starved++] = op;
                    continue;
                }
                previousFd = op.fd();
                packed++;
            }
            if (packed == 1) {
                long[] p = b.params;
                long one = engine.submitOne(handle, (FileDescriptor) b.fds[0], b.buffers[0], p[0], p[1], p[2], p[3],
                        p[4], done != null);
                if (one != NativeLayout.ONE_NONE) {
                    done[0] = NativeLayout.oneSlot(one);
                    done[1] = NativeLayout.oneResult(one);
                    n = 1;
                }
            } else if (packed > 1) {
                n = engine.submit(handle, b.fds, b.buffers, b.params, packed, done);
            }
            if (n > 0 && hasEngineStaging) {
                outsideUsers.incrementAndGet(); // before the lock is left, so the handle outlives the copies
            }
        } finally {
            handleLock.readLock().unlock();
            Arrays.fill(b.fds, 0, count, null);
            Arrays.fill(b.buffers, 0, count, null);
        }
        if (n > 0) {
            deliverDone(done, n, b.deliveries);
        }
        for (int i = 0; i < starved; i++) {
            Operation<?> op = b.starved[i];
            b.starved[i] = null;
            fail(op, outOfMemory(op, oom));
        }
    }

    /**
     * Completes, on the submitting thread, what the engine finished during the submission. The batch was accepted:
     * deliver() reports callback failures itself, so nothing here reaches the base, which would fail it twice.
     */
    private void deliverDone(long[] done, int n, SubmitArrays.Deliveries d) {
        try {
            deliver(done, n, d);
        } finally {
            if (hasEngineStaging) {
                leaveOutside();
            }
        }
    }

    /** Ends a use counted in {@link #outsideUsers}; the last one after the completion thread frees the handle. */
    private void leaveOutside() {
        if (outsideUsers.decrementAndGet() == 0 && handleFreed) {
            destroyIfLast();
        }
    }

    /**
     * A platform thread joining a running read or write waits in the engine ({@link NativeEngine#await}), which on
     * io_uring lets the kernel finish the request on this thread, which submitted it, instead of waking it, then the
     * completion thread, then it again. Not a virtual thread: blocked in native code it would pin its carrier. Syncs
     * may run long, and a thread in them is left free to see an interrupt.
     */
    @Override
    protected final void awaitRunning(Operation<?> op) {
        if (!awaits || (op.kind() != Operation.Kind.READ && op.kind() != Operation.Kind.WRITE)
                || CallerThreads.currentIsVirtual()) {
            return;
        }
        int slot = slot(op);
        if (slot < 0) {
            return;
        }
        handleLock.readLock().lock();
        try {
            if (handleFreed) {
                return;
            }
            outsideUsers.incrementAndGet();
        } finally {
            handleLock.readLock().unlock();
        }
        try {
            SubmitArrays b = batches.get();
            int n = engine.await(handle, slot, b.completions);
            if (n == NativeEngine.NO_AWAIT) {
                awaits = false;
            } else if (n > 0) {
                deliver(b.completions, n, b.deliveries);
            }
        } finally {
            leaveOutside();
        }
    }

    /** Packs {@code op} as batch element {@code i}; {@code detached} is {@link NativeLayout#DETACHED} or 0. */
    private void pack(Operation<?> op, SubmitArrays b, int i, boolean sameFd, int detached) {
        int slot = slot(op);
        int length = remaining(op);
        int base = i * NativeLayout.PARAMS;
        b.fds[i] = sameFd ? null : op.fd();
        b.params[base] = slot;
        int opKind = NativeLayout.kind(op);
        int kind = opKind | detached;
        if (opKind <= NativeLayout.WRITE && positional.contains(op.fd())) {
            kind |= NativeLayout.POSITIONAL;
        }
        b.params[base + 1] = sameFd ? kind | NativeLayout.SAME_FD : kind;
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
            ByteBuffer s = staging.take(slot, length);
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

    /**
     * A page-cache hit, read on the calling thread with one {@code preadv2(RWF_NOWAIT)} before any slot, lock or
     * engine is involved ({@link NativeEngine#readNow}); only when the backend delivers inline at all, since
     * {@code deliverInline=false} asks to keep every copy off the submitting thread.
     */
    @Override
    protected final long readNow(Operation<?> op) {
        if (!deliverInline) {
            return NOT_NOW;
        }
        FileDescriptor fd = op.fd();
        if (neverNow.contains(fd)) {
            return NOT_NOW;
        }
        boolean known = servedNow.contains(fd);
        long n = engine.readNow(fd, directBuffer(op), directIndex(op), remaining(op), position(op), known);
        if (n >= 0) {
            if (!known) {
                servedNow.add(fd);
            }
            return n;
        }
        if (n == NativeEngine.NEVER_NOW) {
            neverNow.add(fd);
        }
        return NOT_NOW;
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
                engine.cancel(handle, slot);
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
                engine.shutdown(handle);
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
        SubmitArrays.Deliveries d = new SubmitArrays.Deliveries(256);
        try {
            int n;
            while ((n = engine.reap(handle, out)) >= 0) {
                deliver(out, n, d);
            }
        } finally {
            handleLock.writeLock().lock();
            try {
                handleFreed = true;
            } finally {
                handleLock.writeLock().unlock();
            }
            destroyIfLast();
        }
    }

    /**
     * Frees the engine, once: after the completion thread is done, and when no submitting thread is still copying
     * out of the engine's staging memory (without such memory the count stays 0).
     */
    private void destroyIfLast() {
        handleLock.writeLock().lock();
        try {
            if (handleFreed && !destroyed && outsideUsers.get() == 0) {
                destroyed = true;
                engine.destroy(handle);
            }
        } finally {
            handleLock.writeLock().unlock();
        }
    }

    /**
     * Reports {@code n} (slot, result) pairs as one batch (one lock round trip in the base for all of them). A
     * callback of the caller that throws must not stop the delivery of the other completions, nor the thread: the
     * base completes every future first, and the throwable goes to this thread's uncaught exception handler.
     */
    private void deliver(long[] pairs, int n, SubmitArrays.Deliveries d) {
        int m = 0;
        for (int i = 0; i < n; i++) {
            int slot = (int) pairs[2 * i];
            Operation<?> op = runningAt(slot);
            if (op == null) {
                continue;
            }
            ByteBuffer s = staging.release(slot);
            long result = pairs[2 * i + 1];
            if (result >= 0 && op.nbytes() > 0
                    && (op.kind() == Operation.Kind.READ || op.kind() == Operation.Kind.WRITE)) {
                positional.add(op.fd()); // it passed the engine's check (an empty transfer may skip the kernel)
            }
            d.ops[m] = op;
            d.results[m] = result;
            d.staged[m] = op.kind() == Operation.Kind.READ && directBuffer(op) == null ? s : null;
            m++;
        }
        try {
            completeAll(d.ops, d.results, d.staged, m);
        } catch (RuntimeException | Error e) {
            Thread t = Thread.currentThread();
            t.getUncaughtExceptionHandler().uncaughtException(t, e);
        } finally {
            Arrays.fill(d.ops, 0, m, null);
            Arrays.fill(d.staged, 0, m, null);
        }
    }
}
