package dev.caio.internal;

import dev.caio.Operation;

/** The context side of an operation: told when the caller gives up on, or blocks on, an operation it runs. */
public interface OperationOwner {
    /** The operation's future was completed by the caller while its I/O is in the backend. */
    void detachedWhileRunning(Operation<?> op);

    /**
     * The calling thread is about to block on the running operation's future; the backend may wait for completions
     * on this thread first. Returns when it delivered some or will not wait; the caller then waits as usual.
     */
    void awaitHere(Operation<?> op);

    /** The name of the implementation that runs the operation, for its JFR event. */
    String implementation();
}
