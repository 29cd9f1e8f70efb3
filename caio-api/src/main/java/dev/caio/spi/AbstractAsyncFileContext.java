package dev.caio.spi;

import dev.caio.AsyncFileContext;
import dev.caio.CaioIOException;
import dev.caio.Operation;
import dev.caio.internal.OperationAccess;
import dev.caio.internal.OperationOwner;
import java.io.FileDescriptor;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The base every backend extends: it owns the semantics the API promises, so a backend only moves bytes.
 *
 * <p>This class admits at most {@link #maxRequests()} operations into the backend (the rest wait in a FIFO queue),
 * gives each admitted operation a slot number below {@code maxRequests} (handy as a native request id), validates,
 * continues short writes, copies staged reads into heap memory only while the caller still wants them, advances
 * buffer positions, maps errno values to {@link CaioIOException}, cancels queued work, and drains everything
 * on {@link #close()}.
 *
 * <p>A backend implements {@link #start(Operation[], int)} (hand operations to the I/O engine; it may complete them
 * inline), {@link #shutdown()}, and optionally {@link #cancelRunning(Operation)}; it reports each outcome exactly
 * once through {@link #complete(Operation, long)}, {@link #completeRead(Operation, long, ByteBuffer)} or
 * {@link #fail(Operation, Throwable)}, from any thread.
 *
 * @since 0.1
 */
public abstract class AbstractAsyncFileContext implements AsyncFileContext {
    private static final OperationAccess OPS = OperationAccess.get();

    private final String implementation;
    private final int maxRequests;
    /** Admission and close state; the guard of a closing descriptor searches it. */
    final Slots slots;
    private final Admission admission;

    /**
     * Sets up admission for {@code maxRequests} operations and registers the context where a closing
     * {@link DescriptorGuard guarded descriptor} looks for its operations in flight; the subclass then sets up its
     * engine. A subclass constructor that throws leaves nothing registered for long (the registration is weak).
     *
     * @param implementation the implementation's name, reported by {@link #implementation()}
     * @param maxRequests operations admitted at once
     * @throws IllegalArgumentException if {@code maxRequests} is not in
     *         {@code [1, }{@value AsyncFileContext#MAX_REQUESTS_LIMIT}{@code ]}; checked before anything is allocated
     */
    protected AbstractAsyncFileContext(String implementation, int maxRequests) {
        checkMaxRequests(maxRequests);
        this.implementation = Objects.requireNonNull(implementation, "implementation");
        this.maxRequests = maxRequests;
        this.slots = new Slots(maxRequests);
        this.admission = new Admission(this, slots, new OperationOwner() {
            @Override
            public void detachedWhileRunning(Operation<?> op) {
                cancelRunning(op);
            }

            @Override
            public void awaitHere(Operation<?> op) {
                awaitRunning(op);
            }

            @Override
            public String implementation() {
                return AbstractAsyncFileContext.this.implementation;
            }
        });
        DescriptorGuard.contextOpened(this);
    }

    /**
     * The one check of a context's size, shared by builders and providers.
     *
     * @param maxRequests the number of operations a context would admit at once
     * @throws IllegalArgumentException naming the bound when {@code maxRequests} is outside
     *         {@code [1, }{@value AsyncFileContext#MAX_REQUESTS_LIMIT}{@code ]}
     */
    public static void checkMaxRequests(int maxRequests) {
        if (maxRequests < 1 || maxRequests > AsyncFileContext.MAX_REQUESTS_LIMIT) {
            throw new IllegalArgumentException("maxRequests must be in [1, " + AsyncFileContext.MAX_REQUESTS_LIMIT
                    + "] (AsyncFileContext.MAX_REQUESTS_LIMIT): " + maxRequests);
        }
    }

    // ---------------------------------------------------------------- backend contract

    /**
     * Hands {@code count} admitted operations ({@code ops[0..count)}) to the I/O engine, in one crossing where it
     * can. May run on any thread, concurrently with itself and with completions, and may complete operations inline.
     * It must either accept every operation or throw before accepting any (the base then fails them all). The array
     * is only valid during the call.
     *
     * <p>Completing inline changes nothing about queued work: the operations beyond {@link #maxRequests()} still wait
     * in the base's queue. One is started only after the completion callbacks of the operation whose slot it takes
     * have run, by the thread that reported that completion, once that thread's own call of this method has returned
     * (starts never nest); one cancelled while it waits is dropped and never reaches this method.
     *
     * @param ops the operations to start, in {@code ops[0..count)}; the array stays the base's (copy what must
     *        outlive the call), while the backend may use each operation's memory until it reports that operation
     * @param count how many operations to start, at least one
     */
    protected abstract void start(Operation<?>[] ops, int count);

    /** {@link #readNow}'s answer when the operation must take the slot path. */
    protected static final long NOT_NOW = Long.MIN_VALUE;

    /**
     * Serves a single-call read on the calling thread before it takes a slot, when that costs no waiting at all (a
     * page-cache hit): returns the bytes read, which must be the whole request or 0 at end of file, or
     * {@link #NOT_NOW}, after which the operation takes the usual path ({@link #start}). Called only for a read of
     * at least one byte into a direct buffer ({@link #directBuffer}, {@link #directIndex}, {@link #remaining},
     * {@link #position}), on an open context, and never for a descriptor whose guarded close has begun. It must never
     * block on a device, may run concurrently with anything, and on {@link #NOT_NOW} must have changed nothing but
     * bytes of the operation's buffer range. The default answers {@link #NOT_NOW}.
     *
     * @param op the read, running on the submitting thread and not yet holding a slot
     * @return the bytes read into the direct buffer, or {@link #NOT_NOW} to let the slot path serve (and report any
     *         failure of) the read; never an errno
     */
    protected long readNow(Operation<?> op) {
        return NOT_NOW;
    }

    /**
     * The caller gave up on a running operation (cancelled or completed it by hand). A backend that can cancel
     * in-flight work does so here, and says so with {@link Capability#CANCEL_IN_FLIGHT}; either way it must still
     * report the operation's outcome once, which then only releases the slot. Called on the caller's thread; the
     * default does nothing.
     *
     * @param op the running operation, whose future is already complete; the backend may go on using its memory
     *        until it reports the outcome
     */
    protected void cancelRunning(Operation<?> op) {
    }

    /**
     * The caller is about to block on a running operation ({@link Operation#join()}, {@link Operation#get()}): a
     * backend whose completions arrive sooner when the waiting thread waits in the engine itself (io_uring runs a
     * request's last step on the thread that submitted it) may wait here and complete what it collects, any
     * operation's, on this thread. It must return once it delivered something, once the operation left the engine by
     * another way, or once the context closes, and must never keep a completion from being reported; the caller then
     * waits on the future as usual. It must not hold a lock that {@link #cancelRunning} or {@link #close()} needs.
     * The default does nothing.
     *
     * @param op the running operation the caller is about to wait for
     */
    protected void awaitRunning(Operation<?> op) {
    }

    /**
     * Stops the engine, called once by {@link #close()} after the queue was drained; no operation is started after it
     * begins except continuations of short writes, which the backend may refuse by throwing. Returns true when every
     * started operation has been reported; the base then fails any left over with {@code ECANCELED} (a backend that
     * leaves one must keep its memory alive itself). Returns false when called on one of the backend's own threads
     * (from a completion callback) and operations will still be reported later; they are then left to finish.
     *
     * @return true when nothing started is left to report (the base fails the rest), false when outcomes are still
     *         to come from the backend's own threads
     */
    protected abstract boolean shutdown();

    // ---------------------------------------------------------------- what a backend reads from an operation

    /**
     * The file position of the next byte to transfer (the offset plus what earlier partial writes moved).
     *
     * @param op an admitted operation
     * @return the file offset to transfer at next
     */
    protected static long position(Operation<?> op) {
        return op.offset() + OPS.done(op);
    }

    /**
     * How many bytes are left to transfer.
     *
     * @param op an admitted operation
     * @return the bytes requested less those already transferred by earlier partial writes
     */
    protected static int remaining(Operation<?> op) {
        return op.nbytes() - OPS.done(op);
    }

    /**
     * The slot number, in {@code [0, maxRequests)}, of an operation between admission and its report.
     *
     * @param op an operation between admission and its report
     * @return its slot number, unique among the context's running operations
     */
    protected static int slot(Operation<?> op) {
        return OPS.slot(op);
    }

    /**
     * The running operation in {@code slot}, or null; a backend that uses slot numbers as request ids maps a
     * completion back to its operation with it. Read without a lock: exact for a slot whose operation the backend
     * started and has not reported yet, only a hint otherwise.
     *
     * @param slot a slot number in {@code [0, maxRequests)}
     * @return the operation admitted into that slot and not yet reported, or null when the slot is free
     */
    protected final Operation<?> runningAt(int slot) {
        return slots.runningAt(slot);
    }

    /**
     * The caller's direct buffer, for zero-copy transfers, or null when the data lives in heap memory (then reads go
     * through {@link #completeRead} and writes through {@link #copySource}). The bytes to transfer start at
     * {@link #directIndex(Operation)}.
     *
     * @param op an admitted operation
     * @return the caller's direct buffer (not a copy: the caller owns it, the backend may use it until it reports the
     *         operation), or null
     */
    protected static ByteBuffer directBuffer(Operation<?> op) {
        ByteBuffer b = OPS.buffer(op);
        return b != null && b.isDirect() ? b : null;
    }

    /**
     * The index in {@link #directBuffer(Operation)} of the next byte to transfer.
     *
     * @param op an admitted operation with a direct buffer
     * @return the buffer's position at submission plus the bytes already transferred
     */
    protected static int directIndex(Operation<?> op) {
        return OPS.bufferPosition(op) + OPS.done(op);
    }

    /**
     * A buffer over exactly the remaining bytes of the operation's data: the caller's direct buffer, its heap array,
     * or (for a read-only heap source) a read-only view. For reads, only valid for direct buffers; heap reads must be
     * staged. Allocates a small view object.
     *
     * @param op an admitted operation
     * @return a new buffer whose position and limit bound the remaining bytes; it shares the caller's memory, so it
     *         is valid only until the operation is reported
     */
    protected static ByteBuffer view(Operation<?> op) {
        int rem = remaining(op);
        ByteBuffer b = OPS.buffer(op);
        if (b != null && (b.isDirect() || OPS.array(op) == null)) {
            int from = directIndex(op);
            return b.duplicate().limit(from + rem).position(from);
        }
        return ByteBuffer.wrap(OPS.array(op), OPS.arrayOffset(op) + OPS.done(op), rem);
    }

    /**
     * Copies the remaining source bytes of a write into {@code dst} at its position, advancing it.
     *
     * @param op an admitted write
     * @param dst the backend's staging buffer, which must have at least {@link #remaining(Operation)} bytes
     *        remaining; the caller's source is only read
     */
    protected static void copySource(Operation<?> op, ByteBuffer dst) {
        int rem = remaining(op);
        byte[] a = OPS.array(op);
        if (a != null) {
            dst.put(a, OPS.arrayOffset(op) + OPS.done(op), rem);
        } else {
            dst.put(dst.position(), OPS.buffer(op), directIndex(op), rem);
            dst.position(dst.position() + rem);
        }
    }

    // ---------------------------------------------------------------- reporting outcomes

    /**
     * Reports an outcome: {@code result >= 0} is the count transferred (a short write is continued by starting the
     * operation again), {@code result < 0} is {@code -errno}. For a read of heap memory use {@link #completeRead}.
     * Call from any thread, once per start; an operation already settled (by {@link #close()}, for example) is
     * ignored. The future's callbacks run on the calling thread, and so may the start of a queued operation.
     *
     * @param op the operation being reported
     * @param result the bytes transferred, or {@code -errno}, which fails the future with a
     *        {@link CaioIOException} carrying that errno
     */
    protected final void complete(Operation<?> op, long result) {
        Settler.one(this, slots, op, result, null, null);
    }

    /**
     * Reports a read staged in backend memory: {@code staging[0..result)} holds the bytes, copied into the caller's
     * heap array or buffer only if the caller still wants them. {@code staging} is not kept: the backend owns it again
     * when this returns. Call from any thread, as {@link #complete}.
     *
     * @param op the read being reported
     * @param result the bytes read into {@code staging}, or {@code -errno}
     * @param staging the backend memory holding the bytes from index 0
     */
    protected final void completeRead(Operation<?> op, long result, ByteBuffer staging) {
        Settler.one(this, slots, op, result, staging, null);
    }

    /**
     * Reports a failure; an {@link java.io.IOException} is mapped through {@link Errno#fromJdk}. Call from any
     * thread, as {@link #complete}.
     *
     * @param op the operation that failed
     * @param error what the future fails with: a {@link CaioIOException} as is, another {@link java.io.IOException}
     *        mapped to one, anything else unchanged
     * @throws NullPointerException if {@code error} is null
     */
    protected final void fail(Operation<?> op, Throwable error) {
        Settler.one(this, slots, op, 0, null, Objects.requireNonNull(error, "error"));
    }

    /**
     * Reports {@code count} outcomes at once, each as {@link #complete} (where {@code staging[i]} is null) or
     * {@link #completeRead} (where it is not) would, in order: the slots are freed under one lock and the operations
     * they admit start as one batch, which saves a lock round trip and a backend crossing per operation. Call from
     * any thread; the arrays are only read during the call, and no staging buffer is kept.
     *
     * <p>Every future is completed even if a callback throws: the first such throwable is rethrown after the last
     * report, with any later ones suppressed in it.
     *
     * @param ops the operations, each reported once
     * @param results per operation: the count transferred, or {@code -errno}
     * @param staging per operation: the backend memory holding a staged read, or null; may be null as a whole
     * @param count how many entries of the arrays to report
     */
    protected final void completeAll(Operation<?>[] ops, long[] results, ByteBuffer[] staging, int count) {
        Settlement s = Settlement.acquire(count, this);
        try {
            for (int i = 0; i < count; i++) {
                s.ops[i] = ops[i];
                s.results[i] = results[i];
                s.staging[i] = staging == null ? null : staging[i];
            }
            Settler.settle(this, slots, s, count);
        } finally {
            s.release(count);
        }
    }

    // ---------------------------------------------------------------- submission

    @Override
    public final String implementation() {
        return implementation;
    }

    @Override
    public final int maxRequests() {
        return maxRequests;
    }

    @Override
    public final CompletableFuture<byte[]> read(int nbytes, FileDescriptor fd, long offset) {
        return admission.one(Operation.read(nbytes, fd, offset));
    }

    @Override
    public final CompletableFuture<Integer> read(ByteBuffer dst, FileDescriptor fd, long offset) {
        return admission.one(Operation.read(dst, fd, offset));
    }

    @Override
    public final CompletableFuture<Integer> write(byte[] payload, FileDescriptor fd, long offset) {
        return admission.one(Operation.write(payload, fd, offset));
    }

    @Override
    public final CompletableFuture<Integer> write(ByteBuffer src, FileDescriptor fd, long offset) {
        return admission.one(Operation.write(src, fd, offset));
    }

    @Override
    public final CompletableFuture<Void> fsync(FileDescriptor fd) {
        return admission.one(Operation.fsync(fd));
    }

    @Override
    public final CompletableFuture<Void> fdsync(FileDescriptor fd) {
        return admission.one(Operation.fdsync(fd));
    }

    @Override
    public final int submit(Operation<?>... ops) {
        return admission.all(Arrays.asList(ops));
    }

    @Override
    public final int submit(List<? extends Operation<?>> ops) {
        return admission.all(ops);
    }

    @Override
    public final int cancel(Operation<?>... ops) {
        return admission.cancel(ops);
    }

    // ---------------------------------------------------------------- guarded descriptors

    /**
     * Whether an operation a backend queued must not run: its descriptor is guarded and being closed. A backend that
     * runs queued operations itself (a Java pool) checks this first and reports {@code -EBADF} instead.
     *
     * @param op an admitted operation
     * @return true when the operation's descriptor is guarded and its close has begun
     */
    protected static boolean descriptorClosing(Operation<?> op) {
        return DescriptorGuard.closing(op);
    }

    /**
     * The failure of an operation whose memory could not be allocated (direct memory for staging heap data, for
     * example): that operation fails with {@code ENOMEM}, the context goes on.
     *
     * @param op the operation that could not be staged
     * @param e the allocation failure, kept as the cause
     * @return an {@code ENOMEM} {@link CaioIOException} whose message says how many bytes were asked for and how to
     *         avoid it; pass it to {@link #fail}
     */
    protected static CaioIOException outOfMemory(Operation<?> op, OutOfMemoryError e) {
        return Outcomes.outOfMemory(op, e);
    }

    // ---------------------------------------------------------------- close

    @Override
    public final void close() {
        List<Operation<?>> drained;
        synchronized (slots.lock) {
            drained = slots.closeLocked();
            if (drained == null) {
                // A second close() returns when the first one has (then every future is complete), but not inside a
                // callback of this context: the first close may be waiting for that very callback to end.
                if (!Settlement.settling(this)) {
                    slots.awaitCloseFinishedLocked();
                }
                return;
            }
        }
        try {
            closeOnce(drained);
        } finally {
            DescriptorGuard.contextClosed(this);
            slots.closeFinished();
        }
    }

    private void closeOnce(List<Operation<?>> drained) {
        for (Operation<?> op : drained) {
            if (OPS.transition(op, OperationAccess.QUEUED, OperationAccess.DONE)) {
                OPS.releaseNow(op);
                OPS.finishExceptionally(op, Outcomes.contextClosed(implementation));
            }
        }
        boolean stopped = false;
        try {
            stopped = shutdown();
        } finally {
            if (stopped) {
                for (Operation<?> op : slots.running()) {
                    fail(op, Outcomes.contextClosed(implementation));
                }
            }
        }
    }

    /**
     * Whether operations are waiting for a slot; read without a lock, so a hint. A backend that can complete work
     * inline uses it to stay out of the way: completing inline admits the next queued operation on the same thread,
     * and a caller must not end up running the whole queue inside its submitting call.
     *
     * @return true when at least one operation was waiting for a slot at the time of the read
     */
    protected final boolean hasQueuedOperations() {
        return slots.hasWaiting();
    }

    /**
     * Whether {@link #close()} has begun. Safe from any thread.
     *
     * @return true once {@link #close()} has been called, even while it is still draining
     */
    protected final boolean isClosed() {
        return slots.isClosed();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + implementation + ", maxRequests=" + maxRequests + "]";
    }
}
