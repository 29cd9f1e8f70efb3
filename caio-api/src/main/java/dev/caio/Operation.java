package dev.caio;

import dev.caio.internal.jfr.OperationEvents;
import java.io.FileDescriptor;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import dev.caio.internal.OperationOwner;
import static dev.caio.internal.OperationAccess.COMPLETING;
import static dev.caio.internal.OperationAccess.DETACHED;
import static dev.caio.internal.OperationAccess.DONE;
import static dev.caio.internal.OperationAccess.NEW;
import static dev.caio.internal.OperationAccess.QUEUED;
import static dev.caio.internal.OperationAccess.RUNNING;

/**
 * One file operation for the low-level batch API, the Java counterpart of Python caio's {@code Operation}.
 *
 * <p>An operation is created by one of the static factories, handed to a context with
 * {@link AsyncFileContext#submit(Operation[])} (many at once: one crossing into the backend), and is itself the
 * {@link CompletableFuture} of its result: the bytes read for {@link #read(int, FileDescriptor, long)}, the byte count
 * for buffer reads and for writes, {@code null} for syncs. An operation is single-use: submitting it twice, or
 * submitting it after it was cancelled, throws {@link IllegalStateException}.
 *
 * <p><b>Buffers.</b> The position and remaining length of a buffer are captured when the operation is created; the
 * library then owns the range until {@link #released()} completes, and the caller must neither change nor read it in
 * between. On success a read advances the buffer's position by the count read and a write by the count written.
 * Heap arrays and heap buffers are never written after this future completed, even when it was cancelled. A direct
 * buffer may be handed to the kernel zero-copy: after a cancellation the kernel may still fill it (or, for a write,
 * still read it) until {@link #released()} completes; the operation keeps the buffer reachable until then.
 *
 * <p><b>Cancellation.</b> {@link #cancel(boolean)} (or completing the future by hand) always completes the future at
 * once. An operation still waiting for a slot is dropped and never reaches the backend; one already in flight is
 * cancelled in the backend where the backend can, otherwise it runs to its end: a cancelled write may still land.
 * {@link AsyncFileContext#cancel(Operation[])} tells the two cases apart.
 *
 * <p><b>Threading.</b> Operations are thread-safe. The future completes on a thread of the backend (see
 * {@link AsyncFileContext}); use the {@code *Async} methods of {@link CompletionStage} with an executor to run
 * continuations elsewhere.
 *
 * @param <T> the result type: {@code byte[]}, {@code Integer} or {@code Void}
 * @since 0.1
 */
public final class Operation<T> extends CompletableFuture<T> {

    /** What an operation does. @since 0.1 */
    public enum Kind {
        /** {@code pread}. */
        READ,
        /** {@code pwrite}, continued until every byte is written. */
        WRITE,
        /** {@code fsync}. */
        FSYNC,
        /** {@code fdatasync}. */
        FDSYNC
    }

    // Life cycle (states in OperationAccess); transitions are CAS-guarded so a completion and a cancellation never
    // both win.
    private static final VarHandle STATE;
    private static final VarHandle RELEASED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(Operation.class, "state", int.class);
            RELEASED = lookup.findVarHandle(Operation.class, "released", CompletableFuture.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        dev.caio.internal.OperationAccess.install(new OperationAccessImpl());
    }

    final Kind kind;
    final FileDescriptor fd;
    final long offset;
    final int length;
    /**
     * Heap storage: the payload or a heap buffer's backing array; else null. A read(nbytes) allocates its result only
     * when it completes, of exactly the count read.
     */
    final byte[] array;
    final int arrayOffset;
    /** The caller's buffer, for positions and for direct or read-only storage; null for arrays. */
    final ByteBuffer buffer;
    final int bufferPosition;
    final boolean returnsBytes;

    private volatile int state;
    private volatile CompletableFuture<Void> released;
    /** Bytes transferred so far; written only by the party that owns the RUNNING state. */
    int done;
    /** The context this operation was submitted to. */
    volatile OperationOwner owner;
    /** Backend slot while admitted, -1 otherwise. */
    int slot = -1;
    /** The {@code DescriptorGuard} counting this operation while a backend holds it, or null. */
    Object guard;
    /** Its JFR event while one is recorded (OperationEvents), else null. */
    Object event;

    private Operation(Kind kind, FileDescriptor fd, long offset, int length, byte[] array, int arrayOffset,
                      ByteBuffer buffer, boolean returnsBytes) {
        this.kind = kind;
        this.fd = Objects.requireNonNull(fd, "fd");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        this.offset = offset;
        this.length = length;
        this.array = array;
        this.arrayOffset = arrayOffset;
        this.buffer = buffer;
        this.bufferPosition = buffer == null ? 0 : buffer.position();
        this.returnsBytes = returnsBytes;
    }

    /**
     * A read of up to {@code nbytes} at {@code offset}; the result is exactly the bytes read: shorter at end of
     * file, empty past it. The result array is allocated when the read completes, of the length read; while it runs
     * the read is staged in up to {@code nbytes} of direct memory (a read that cannot get it fails with
     * {@code ENOMEM}). The file's size is not looked up first: that would cost a system call per read and could be
     * stale by the time the read runs. To bound memory by what a file holds, read into a buffer of your own.
     *
     * @param nbytes the most bytes to read, in {@code [0, }{@link AsyncFileContext#MAX_TRANSFER}{@code ]}
     * @param fd the descriptor to read from; it must stay open until the operation completes
     * @param offset the file offset to read at, not negative
     * @return a new, unsubmitted operation whose result is the bytes read
     * @throws IllegalArgumentException if {@code nbytes} is negative or above
     *         {@value AsyncFileContext#MAX_TRANSFER} ({@link AsyncFileContext#MAX_TRANSFER}), or {@code offset} is
     *         negative; checked before anything is allocated
     * @throws NullPointerException if {@code fd} is null
     */
    public static Operation<byte[]> read(int nbytes, FileDescriptor fd, long offset) {
        if (nbytes < 0 || nbytes > AsyncFileContext.MAX_TRANSFER) {
            throw new IllegalArgumentException("nbytes must be in [0, " + AsyncFileContext.MAX_TRANSFER
                    + "] (AsyncFileContext.MAX_TRANSFER, the most one read returns on Linux): " + nbytes);
        }
        return new Operation<>(Kind.READ, fd, offset, nbytes, null, 0, null, true);
    }

    /**
     * A read into {@code dst} from its position up to its limit; the result is the count read, and the position
     * advances by it.
     *
     * @param dst the buffer to fill; the library owns its remaining range from submission until {@link #released()}
     * @param fd the descriptor to read from
     * @param offset the file offset to read at, not negative
     * @return a new, unsubmitted operation whose result is the count read
     * @throws IllegalArgumentException if {@code dst} is read-only or {@code offset} is negative
     * @throws NullPointerException if an argument is null
     */
    public static Operation<Integer> read(ByteBuffer dst, FileDescriptor fd, long offset) {
        Objects.requireNonNull(dst, "dst");
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("cannot read into a read-only buffer");
        }
        return ofBuffer(Kind.READ, dst, fd, offset);
    }

    /**
     * A write of the whole {@code payload} at {@code offset}; the result is {@code payload.length}. The array is
     * read while the operation runs: do not change it before {@link #released()}.
     *
     * @param payload the bytes to write, not copied when the operation is created
     * @param fd the descriptor to write to
     * @param offset the file offset to write at, not negative
     * @return a new, unsubmitted operation whose result is {@code payload.length}
     * @throws IllegalArgumentException if {@code offset} is negative
     * @throws NullPointerException if an argument is null
     */
    public static Operation<Integer> write(byte[] payload, FileDescriptor fd, long offset) {
        Objects.requireNonNull(payload, "payload");
        return new Operation<>(Kind.WRITE, fd, offset, payload.length, payload, 0, null, false);
    }

    /**
     * A write of {@code src} from its position to its limit (read-only buffers are fine); the result is the count
     * written, always the whole remaining length, and the position advances by it.
     *
     * @param src the bytes to write; the library owns its remaining range from submission until {@link #released()}
     * @param fd the descriptor to write to
     * @param offset the file offset to write at, not negative
     * @return a new, unsubmitted operation whose result is the count written
     * @throws IllegalArgumentException if {@code offset} is negative
     * @throws NullPointerException if an argument is null
     */
    public static Operation<Integer> write(ByteBuffer src, FileDescriptor fd, long offset) {
        Objects.requireNonNull(src, "src");
        return ofBuffer(Kind.WRITE, src, fd, offset);
    }

    /**
     * An {@code fsync(2)} of {@code fd}: data and metadata reach stable storage.
     *
     * @param fd the descriptor to sync
     * @return a new, unsubmitted operation whose result is {@code null}
     * @throws NullPointerException if {@code fd} is null
     */
    public static Operation<Void> fsync(FileDescriptor fd) {
        return new Operation<>(Kind.FSYNC, fd, 0, 0, null, 0, null, false);
    }

    /**
     * An {@code fdatasync(2)} of {@code fd}: data, and the metadata needed to read it, reach stable storage.
     *
     * @param fd the descriptor to sync
     * @return a new, unsubmitted operation whose result is {@code null}
     * @throws NullPointerException if {@code fd} is null
     */
    public static Operation<Void> fdsync(FileDescriptor fd) {
        return new Operation<>(Kind.FDSYNC, fd, 0, 0, null, 0, null, false);
    }

    private static Operation<Integer> ofBuffer(Kind kind, ByteBuffer b, FileDescriptor fd, long offset) {
        boolean heap = b.hasArray();
        return new Operation<>(kind, fd, offset, b.remaining(), heap ? b.array() : null,
                heap ? b.arrayOffset() + b.position() : 0, b, false);
    }

    /**
     * What this operation does.
     *
     * @return its kind, fixed by the factory that created it
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The descriptor it works on.
     *
     * @return the descriptor given to the factory
     */
    public FileDescriptor fd() {
        return fd;
    }

    /**
     * The file offset it starts at.
     *
     * @return the offset given to the factory; 0 for syncs
     */
    public long offset() {
        return offset;
    }

    /**
     * The number of bytes it asks for.
     *
     * @return the read size or the write length, captured at creation; 0 for syncs
     */
    public int nbytes() {
        return length;
    }

    /**
     * Whether this operation was handed to a context.
     *
     * @return true once {@link AsyncFileContext#submit(Operation[])} accepted it, even if it has completed since
     */
    public boolean isSubmitted() {
        return owner != null;
    }

    /**
     * A future that completes when the backend has let go of this operation's memory: after the result for a normal
     * completion, possibly later for a cancelled operation whose I/O was already in the kernel. Until then a direct
     * buffer may still be read or written by the kernel and must not be reused. It never completes exceptionally.
     *
     * @return the same future on every call, completing with {@code null}
     */
    public CompletableFuture<Void> released() {
        CompletableFuture<Void> r = released;
        if (r == null) {
            CompletableFuture<Void> fresh = new CompletableFuture<>();
            r = (CompletableFuture<Void>) RELEASED.compareAndExchange(this, null, fresh);
            if (r == null) {
                r = fresh;
            }
            if (state == DONE && slot < 0) {
                r.complete(null);
            }
        }
        return r;
    }

    /**
     * Cancels this operation: the future completes with a {@link java.util.concurrent.CancellationException} at once.
     * See the class documentation for what happens to the I/O.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (detach() >= 0) {
            super.cancel(mayInterruptIfRunning);
            return true;
        }
        return isCancelled();
    }

    /**
     * Waits for the result, as {@link CompletableFuture#join()} does. A platform thread joining a running read or
     * write may first wait inside the backend (io_uring: in its ring, where the kernel finishes a request submitted by
     * this thread without waking any other); completions it collects there, other operations' too, are completed on
     * this thread, so their dependent stages may run here.
     */
    @Override
    public T join() {
        awaitHere();
        return super.join();
    }

    /**
     * Waits for the result, as {@link CompletableFuture#get()} does, and may first wait inside the backend as
     * {@link #join()} does; an interrupt that arrives during that wait is seen once the backend returns, which is
     * after a completion (any operation's), a cancellation or a close.
     */
    @Override
    public T get() throws InterruptedException, java.util.concurrent.ExecutionException {
        if (!Thread.currentThread().isInterrupted()) {
            awaitHere();
        }
        return super.get();
    }

    private void awaitHere() {
        if (state == RUNNING) {
            OperationOwner o = owner;
            if (o != null) {
                o.awaitHere(this);
            }
        }
    }

    /** Completing by hand detaches the operation from its I/O, as a cancellation does. */
    @Override
    public boolean complete(T value) {
        return detach() >= 0 && super.complete(value);
    }

    /** Completing by hand detaches the operation from its I/O, as a cancellation does. */
    @Override
    public boolean completeExceptionally(Throwable ex) {
        Objects.requireNonNull(ex, "ex");
        return detach() >= 0 && super.completeExceptionally(ex);
    }

    /** Refused: the result of an operation belongs to its I/O. */
    @Override
    public void obtrudeValue(T value) {
        throw new UnsupportedOperationException("the result of an operation cannot be obtruded");
    }

    /** Refused: the result of an operation belongs to its I/O. */
    @Override
    public void obtrudeException(Throwable ex) {
        throw new UnsupportedOperationException("the result of an operation cannot be obtruded");
    }

    /** Dependent stages are plain futures: cancelling one of them does not cancel this operation. */
    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }

    @Override
    public String toString() {
        return "Operation[" + kind + " offset=" + offset + " nbytes=" + length + " state=" + stateName() + "]";
    }

    private String stateName() {
        return switch (state) {
            case NEW -> "new";
            case QUEUED -> "queued";
            case RUNNING -> "running";
            case COMPLETING -> "completing";
            case DONE -> isCancelled() ? "cancelled" : "done";
            default -> "detached";
        };
    }

    // ---- life cycle, reached by contexts through OperationAccess ----

    /**
     * Ends the I/O's claim on the future; returns the state it was taken from, or -1 if the I/O already finished.
     * From NEW or QUEUED the operation never reaches the backend; from RUNNING the owner is told so the backend may
     * cancel it, and the backend's eventual completion only releases its memory.
     */
    int detach() {
        for (;;) {
            int s = state;
            if (s == NEW || s == QUEUED) {
                if (STATE.compareAndSet(this, s, DONE)) {
                    OperationEvents.cancelled(event);
                    // Never reached the backend: nothing to wait for. A queued entry is skipped at admission.
                    releaseNow();
                    return s;
                }
            } else if (s == RUNNING) {
                if (STATE.compareAndSet(this, RUNNING, DETACHED)) {
                    OperationEvents.cancelled(event);
                    OperationOwner o = owner;
                    if (o != null) {
                        o.detachedWhileRunning(this);
                    }
                    return s;
                }
            } else {
                return -1;
            }
        }
    }

    /** Cancels on behalf of a context; returns the state the operation was taken from, or -1. */
    int cancelAndReport() {
        int from = detach();
        if (from >= 0) {
            super.cancel(false);
        }
        return from;
    }

    boolean transition(int from, int to) {
        return STATE.compareAndSet(this, from, to);
    }

    int state() {
        return state;
    }

    void setState(int s) {
        state = s;
    }

    void releaseNow() {
        CompletableFuture<Void> r = released;
        if (r != null) {
            r.complete(null);
        }
    }

    boolean finish(T value) {
        return super.complete(value);
    }

    boolean finishExceptionally(Throwable t) {
        return super.completeExceptionally(t);
    }
}
