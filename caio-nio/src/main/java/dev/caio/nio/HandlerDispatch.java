package dev.caio.nio;

import java.nio.channels.CompletionHandler;
import java.util.concurrent.Executor;

/**
 * Where a {@link CaioAsynchronousFileChannel}'s completion handlers run. As the JDK's channels, a handler never runs
 * on a thread that called {@code read} or {@code write} (its caller may hold locks the handler takes, or not yet
 * have recorded the operation) except inside a handler, where a result that is already there is handed on directly,
 * to a bounded depth so that a chain of cached reads cannot overflow the stack.
 */
final class HandlerDispatch {
    /** An operation's outcome, once it is done. */
    interface Completion<V> {
        boolean isDone();

        /** The result, or throws the failure the handler is to see; only once done. */
        V now() throws Throwable;

        /** Runs {@code action} on the thread that completes it (done or not yet). */
        void onDone(Runnable action);
    }

    /** How deep handlers may nest on one thread before the next runs elsewhere; the JDK's default is 16 too. */
    private static final int MAX_DEPTH = 16;
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    /** The handlers' executor, or null for the completing thread. */
    private final Executor executor;
    /** Where handlers of operations done during the call run when there is no executor. */
    private final HandlerLoop loop;

    HandlerDispatch(Executor executor, String name) {
        this.executor = executor;
        this.loop = executor == null ? new HandlerLoop(name) : null;
    }

    <V, A> void whenDone(Completion<V> c, A attachment, CompletionHandler<V, ? super A> handler) {
        if (c.isDone()) {
            doneDuringCall(c, attachment, handler);
        } else {
            Pending<V, A> p = new Pending<>(this, c, attachment, handler);
            c.onDone(p);
            p.registering = false;
        }
    }

    /**
     * Inside a handler, directly (to a bounded depth); otherwise on another thread, never on the caller's. On the
     * handler thread itself the handler goes to the back of its queue instead: that costs no wake-up there, and
     * keeps one chain of cached reads from running ahead of the others.
     */
    private <V, A> void doneDuringCall(Completion<V> c, A attachment, CompletionHandler<V, ? super A> handler) {
        int depth = DEPTH.get()[0];
        if (depth > 0 && depth < MAX_DEPTH && (loop == null || !loop.inLoop())) {
            invoke(c, attachment, handler);
        } else {
            elsewhere().execute(() -> invoke(c, attachment, handler));
        }
    }

    /** A handler waiting for its operation; run by the thread that completes it. */
    private static final class Pending<V, A> implements Runnable {
        private final HandlerDispatch dispatch;
        private final Completion<V> c;
        private final A attachment;
        private final CompletionHandler<V, ? super A> handler;
        private final Thread caller = Thread.currentThread();
        /** Set until {@code onDone} has returned: an operation done meanwhile was done during the call. */
        boolean registering = true;

        Pending(HandlerDispatch dispatch, Completion<V> c, A attachment, CompletionHandler<V, ? super A> handler) {
            this.dispatch = dispatch;
            this.c = c;
            this.attachment = attachment;
            this.handler = handler;
        }

        @Override
        public void run() {
            if (registering && Thread.currentThread() == caller) {
                dispatch.doneDuringCall(c, attachment, handler);
            } else if (dispatch.executor == null) {
                invoke(c, attachment, handler);
            } else {
                dispatch.executor.execute(() -> invoke(c, attachment, handler));
            }
        }
    }

    /** The channel closed: its handler thread may end once idle. */
    void close() {
        if (loop != null) {
            loop.close();
        }
    }

    private Executor elsewhere() {
        return executor != null ? executor : loop;
    }

    private static <V, A> void invoke(Completion<V> c, A attachment, CompletionHandler<V, ? super A> handler) {
        V value = null;
        Throwable failure = null;
        try {
            value = c.now();
        } catch (Throwable t) {
            failure = t;
        }
        int[] depth = DEPTH.get();
        depth[0]++;
        try {
            if (failure == null) {
                handler.completed(value, attachment);
            } else {
                handler.failed(failure, attachment);
            }
        } finally {
            depth[0]--;
        }
    }

    /** Runs {@code task}, which may block for long (a lock another process holds), on a daemon thread of its own. */
    static void runBlocking(Runnable task, String name) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
    }
}
