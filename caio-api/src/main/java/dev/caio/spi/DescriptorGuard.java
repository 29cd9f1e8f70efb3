package dev.caio.spi;

import dev.caio.Operation;
import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a descriptor that a library opened from reaching another file when it is closed with operations in flight.
 *
 * <p>A queued operation carries the descriptor's number, not the file. Were the number released while operations
 * still wait in a backend's queue, the next file opened in the process could receive it, and their writes. A guarded
 * descriptor is therefore closed in three steps: operations not yet handed to the kernel fail with {@code EBADF}
 * ("file closed"), the backend is asked to cancel those it still queues, and the number is released only after the
 * last operation the kernel holds has completed (the JDK's {@code FileChannel} waits for its threads the same way).
 * {@link dev.caio.OpenFile} and {@code DirectFile} use this; so should any channel or file type built on contexts.
 *
 * <p>A guard is found from its {@link FileDescriptor} by identity. The registry keeps the descriptor reachable until
 * {@link #close()}: a guarded file must be closed explicitly, never left to garbage collection, since only the
 * guard knows when its number is free.
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

    private static final ConcurrentHashMap<FileDescriptor, DescriptorGuard> GUARDS = new ConcurrentHashMap<>();
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

    private static final int OPEN = 0, CLOSING = 1, CLOSED = 2;

    private final FileDescriptor fd;
    private final Closer closer;
    /** Operations handed to a backend and not yet reported. */
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
     * @throws IllegalStateException if {@code fd} is guarded already
     * @throws NullPointerException if an argument is null
     */
    public static DescriptorGuard register(FileDescriptor fd, Closer closer) {
        DescriptorGuard g = new DescriptorGuard(Objects.requireNonNull(fd, "fd"), Objects.requireNonNull(closer));
        if (GUARDS.putIfAbsent(fd, g) != null) {
            throw new IllegalStateException("descriptor is guarded already");
        }
        return g;
    }

    /** The guard of {@code fd}, or null when nobody registered one (the common case costs one empty-map check). */
    static DescriptorGuard of(FileDescriptor fd) {
        return GUARDS.isEmpty() ? null : GUARDS.get(fd);
    }

    /** Whether {@link #close()} has begun. */
    public boolean isClosing() {
        return state != OPEN;
    }

    /**
     * Counts an operation about to be handed to a backend. Returns false, counting nothing, once closing began:
     * the operation must then fail with {@code EBADF} instead of reaching the descriptor's number.
     */
    boolean enter() {
        IN_FLIGHT.getAndAdd(this, 1);
        if (state != OPEN) {
            exit();
            return false;
        }
        return true;
    }

    /** The backend reported an operation counted by {@link #enter()}; the last one after a close releases the number. */
    void exit() {
        if ((int) IN_FLIGHT.getAndAdd(this, -1) == 1 && state == CLOSING) {
            closeNow();
        }
    }

    /**
     * Closes the descriptor once no operation can reach it: operations not yet handed to the kernel fail with
     * {@code EBADF}, backends are asked to cancel what they still queue for it, and the number is released after the
     * last in-flight operation completed. Waits for that, except inside a completion callback (see the class
     * documentation). Idempotent; a second caller waits like the first.
     *
     * @throws IOException if the underlying close fails (reported to the caller that performed it)
     */
    public void close() throws IOException {
        if (STATE.compareAndSet(this, OPEN, CLOSING)) {
            if (inFlight > 0) {
                AbstractAsyncFileContext.cancelQueued(fd);
            }
            if (inFlight == 0) {
                closeNow();
            }
        }
        if (AbstractAsyncFileContext.insideCallback()) {
            return;
        }
        boolean interrupted = false;
        synchronized (this) {
            while (state != CLOSED) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        IOException failure;
        synchronized (this) {
            failure = closeFailure;
            closeFailure = null;
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
            GUARDS.remove(fd, this);
            try {
                closer.close();
            } catch (IOException e) {
                closeFailure = e;
            } catch (RuntimeException | Error e) {
                closeFailure = new IOException("close failed: " + e, e);
            }
            state = CLOSED;
            notifyAll();
        }
    }

    /** True if {@code op}'s descriptor is guarded and its close has begun. */
    static boolean closing(Operation<?> op) {
        DescriptorGuard g = of(op.fd());
        return g != null && g.state != OPEN;
    }
}
