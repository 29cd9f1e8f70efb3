package dev.caio.spi;

import dev.caio.Operation;
import dev.caio.internal.OperationAccess;
import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a descriptor that a library opened from reaching another file when it is closed with operations in flight.
 *
 * <p>A queued operation carries the descriptor's number, not the file. Were the number released while operations
 * still wait in a backend's queue, the next file opened in the process could receive it, and their writes. A guarded
 * descriptor is therefore closed in three steps: operations not yet handed to a backend fail with {@code EBADF}
 * ("file closed"), the backends are asked to cancel those they still queue, and the number is released only after the
 * last operation the kernel holds has completed (the JDK's {@code FileChannel} waits for its threads the same way).
 * {@link dev.caio.OpenFile} and {@code DirectFile} use this; so should any channel or file type built on contexts.
 *
 * <p>Operations are not counted while they run: the hot path pays one check of an empty map. Closing counts them
 * instead, by looking through every open context for operations on this descriptor, under each context's lock; an
 * operation admitted after that sees the close and fails. A guarded file must be closed explicitly: garbage collection
 * cannot know whether operations still carry its number.
 *
 * <p>Thread-safe. {@link #close()} waits for in-flight operations unless it runs inside a completion callback of a
 * context, where waiting could block the very thread that must deliver them; there it returns at once and the
 * descriptor is closed by whichever thread settles the last operation.
 *
 * @since 0.1
 */
public final class DescriptorGuard {
    /** Closes the descriptor for real, once, when no operation can reach it any more. */
    @FunctionalInterface
    public interface Closer {
        /**
         * Releases the descriptor.
         *
         * @throws IOException as the underlying close does
         */
        void close() throws IOException;
    }

    private static final OperationAccess OPS = OperationAccess.get();
    /**
     * Contexts not yet closed: where a closing descriptor looks for its operations in flight. Weak, so that a context
     * whose constructor failed after registering (a backend refused by the kernel) is not kept forever; guarded by
     * itself.
     */
    private static final Set<AbstractAsyncFileContext> LIVE = Collections.newSetFromMap(new WeakHashMap<>());
    /** Guards whose close has begun and not finished: the descriptors a newly admitted operation must not reach. */
    private static final ConcurrentHashMap<FileDescriptor, DescriptorGuard> CLOSING = new ConcurrentHashMap<>();
    private static final VarHandle IN_FLIGHT;
    private static final VarHandle STATE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            IN_FLIGHT = l.findVarHandle(DescriptorGuard.class, "inFlight", int.class);
            STATE = l.findVarHandle(DescriptorGuard.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final int OPEN = 0, SHUTTING = 1, CLOSED = 2;
    /**
     * Counts the closes begun, in any guard: a read run before it takes a slot ({@link Admission}) is invisible to
     * {@link #claimInFlight()}, so it compares this before and after its system call instead, and if a close began
     * meanwhile (the number may have been released and reused) it drops what it read and takes the slot path.
     */
    private static volatile long closesBegun;

    private final FileDescriptor fd;
    private final Closer closer;
    /** Operations {@link #close()} found in flight and not yet reported, plus one while it is still looking. */
    private volatile int inFlight;
    private volatile int state;
    private IOException closeFailure;

    private DescriptorGuard(FileDescriptor fd, Closer closer) {
        this.fd = fd;
        this.closer = closer;
    }

    /**
     * Guards {@code fd}, which the caller has just opened and owns; from now on close it only through
     * {@link #close()} of the returned guard.
     *
     * @param fd the open descriptor
     * @param closer what closes it for real
     * @return the guard
     * @throws NullPointerException if an argument is null
     */
    public static DescriptorGuard register(FileDescriptor fd, Closer closer) {
        return new DescriptorGuard(Objects.requireNonNull(fd, "fd"), Objects.requireNonNull(closer, "closer"));
    }

    /** The guard now closing {@code fd}, or null; while no guarded file is being closed, one empty-map check. */
    static DescriptorGuard closing(FileDescriptor fd) {
        return CLOSING.isEmpty() ? null : CLOSING.get(fd);
    }

    /** How many closes have begun, in every guard; see {@link #closesBegun}. */
    static long closesBegun() {
        return closesBegun;
    }

    private static synchronized void beginClose() {
        closesBegun++;
    }

    /**
     * Whether {@link #close()} has begun. Thread-safe.
     *
     * @return true from the start of the first {@link #close()} on, also once the descriptor is released
     */
    public boolean isClosing() {
        return state != OPEN;
    }

    static void contextOpened(AbstractAsyncFileContext context) {
        synchronized (LIVE) {
            LIVE.add(context);
        }
    }

    static void contextClosed(AbstractAsyncFileContext context) {
        synchronized (LIVE) {
            LIVE.remove(context);
        }
    }

    /** Whether {@code op} was counted by a guard whose close has begun (a backend must not run it). */
    static boolean closing(Operation<?> op) {
        return OPS.guard(op) instanceof DescriptorGuard g && g.isClosing();
    }

    /** Counts a settled operation out of the guard that claimed it; the last one out closes the descriptor. */
    static void leave(Operation<?> op) {
        if (OPS.guard(op) instanceof DescriptorGuard g) {
            OPS.setGuard(op, null);
            g.exit();
        }
    }

    /**
     * Counts every operation on this descriptor that a live context has admitted and not yet settled, then asks each
     * backend to cancel them ({@code cancelRunning}): those still queued there report {@code ECANCELED}, which is
     * then the closed file's {@code EBADF}; those the kernel holds finish normally.
     */
    private void claimInFlight() {
        List<AbstractAsyncFileContext> contexts;
        synchronized (LIVE) {
            contexts = new ArrayList<>(LIVE);
        }
        for (AbstractAsyncFileContext c : contexts) {
            List<Operation<?>> mine = c.slots.claim(fd, this);
            if (mine != null) {
                for (Operation<?> op : mine) {
                    c.cancelRunning(op);
                }
            }
        }
    }

    /** Counts one more operation that {@link #close()} found in flight; it calls {@link #exit()} once reported. */
    void enter() {
        IN_FLIGHT.getAndAdd(this, 1);
    }

    /** A counted operation was reported, or the close finished looking; the last one out releases the number. */
    void exit() {
        if ((int) IN_FLIGHT.getAndAdd(this, -1) == 1) {
            closeNow();
        }
    }

    /**
     * Closes the descriptor once no operation can reach it: operations not yet handed to a backend fail with
     * {@code EBADF}, backends are asked to cancel what they still queue for it, and the number is released after the
     * last in-flight operation completed. Waits for that, except inside a completion callback (see the class
     * documentation). Idempotent; a second caller waits like the first.
     *
     * @throws IOException if the underlying close fails (reported to the caller that performed it)
     */
    public void close() throws IOException {
        if (STATE.compareAndSet(this, OPEN, SHUTTING)) {
            inFlight = 1; // held while looking, so that early reports cannot close before every one is counted
            beginClose();
            CLOSING.put(fd, this);
            claimInFlight();
            exit();
        }
        if (Settlement.settling(null)) { // inside a completion callback: see the class documentation
            return;
        }
        boolean interrupted = false;
        IOException failure;
        synchronized (this) {
            while (state != CLOSED) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            failure = closeFailure;
            closeFailure = null;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void closeNow() {
        synchronized (this) {
            if (state == CLOSED) {
                return;
            }
            try {
                closer.close();
            } catch (IOException e) {
                closeFailure = e;
            } catch (RuntimeException | Error e) {
                closeFailure = new IOException("close failed: " + e, e);
            }
            // Removed after the close: an operation admitted until now still sees the guard and fails; one admitted
            // later finds the FileDescriptor invalid, which fails it with EBADF too.
            CLOSING.remove(fd, this);
            state = CLOSED;
            notifyAll();
        }
    }
}
