package dev.caio.internal;

import dev.caio.Operation;
import java.io.FileDescriptor;
import java.nio.ByteBuffer;

/**
 * The library-private view of {@link Operation}'s life cycle, installed by {@code Operation} itself so that the
 * context base class in another package can drive it without making those methods public (the JDK's
 * "shared secrets" pattern).
 */
public abstract class OperationAccess {
    public static final int NEW = 0, QUEUED = 1, RUNNING = 2, COMPLETING = 3, DONE = 4, DETACHED = 5;
    private static volatile OperationAccess instance;

    public static void install(OperationAccess access) {
        if (instance != null) {
            throw new IllegalStateException("already installed");
        }
        instance = access;
    }

    public static OperationAccess get() {
        OperationAccess a = instance;
        if (a == null) {
            // Operation's static initialiser installs the accessor; touching the class runs it.
            Operation.fsync(new FileDescriptor());
            a = instance;
        }
        return a;
    }

    public abstract int state(Operation<?> op);

    public abstract boolean transition(Operation<?> op, int from, int to);

    public abstract void setState(Operation<?> op, int state);

    public abstract boolean bind(Operation<?> op, OperationOwner owner);

    public abstract void unbind(Operation<?> op);

    public abstract OperationOwner owner(Operation<?> op);

    public abstract int slot(Operation<?> op);

    public abstract void setSlot(Operation<?> op, int slot);

    /** The descriptor guard an admitted operation counts against, or null. */
    public abstract Object guard(Operation<?> op);

    public abstract void setGuard(Operation<?> op, Object guard);

    public abstract int done(Operation<?> op);

    public abstract void setDone(Operation<?> op, int done);

    public abstract byte[] array(Operation<?> op);

    public abstract int arrayOffset(Operation<?> op);

    public abstract ByteBuffer buffer(Operation<?> op);

    public abstract int bufferPosition(Operation<?> op);

    public abstract boolean returnsBytes(Operation<?> op);

    public abstract boolean finish(Operation<?> op, Object value);

    public abstract boolean finishExceptionally(Operation<?> op, Throwable error);

    public abstract void releaseNow(Operation<?> op);

    /** Cancels {@code op}; returns the state it was taken from ({@link #QUEUED}, {@link #RUNNING}, ...) or -1. */
    public abstract int cancel(Operation<?> op);
}
