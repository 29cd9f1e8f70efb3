package dev.caio.internal;

import dev.caio.Operation;

/** The context side of an operation: told when the caller gives up on an operation the backend is running. */
public interface OperationOwner {
    /** The operation's future was completed by the caller while its I/O is in the backend. */
    void detachedWhileRunning(Operation<?> op);
}
