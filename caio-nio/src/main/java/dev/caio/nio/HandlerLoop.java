package dev.caio.nio;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One daemon thread that runs a channel's handlers of operations done during the call, in order. While handlers keep
 * coming it never sleeps, so a queue of cached reads costs no wake-up each, where a thread pool's hand-off costs one
 * per handler; idle for {@value #IDLE_SECONDS} s, or once its channel closed, the thread ends, and the next handler
 * starts another.
 */
final class HandlerLoop implements Executor, Runnable {
    private static final int IDLE_SECONDS = 10;
    private static final long SPIN_NANOS = 20_000;
    private static final int NONE = 0, RUNNING = 1, PARKED = 2;

    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger state = new AtomicInteger(NONE);
    private final String name;
    private volatile Thread thread;
    /** Set when the channel closed: the thread ends as soon as its queue is empty. */
    private volatile boolean closed;

    HandlerLoop(String name) {
        this.name = name;
    }

    /**
     * Lets the thread end as soon as it has run what is queued, instead of after the idle time; a handler that comes
     * later (an operation that completes after the close) still runs, on a thread that then ends at once.
     */
    void close() {
        closed = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Whether the calling thread is this loop's. */
    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    @Override
    public void execute(Runnable handler) {
        queue.offer(handler);
        int s = state.get();
        if (s == PARKED && state.compareAndSet(PARKED, RUNNING)) {
            LockSupport.unpark(thread);
        } else if (s == NONE && state.compareAndSet(NONE, RUNNING)) {
            Thread t = new Thread(this, name);
            t.setDaemon(true);
            thread = t;
            t.start();
        }
    }

    /**
     * Whether a handler came within about a system call's time: under load the next one usually does, and waiting
     * for it here is cheaper than parking and being woken (a futex each way).
     */
    private boolean awaitBriefly() {
        long until = System.nanoTime() + SPIN_NANOS;
        while (queue.isEmpty()) {
            if (System.nanoTime() > until) {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        long idleSince = System.nanoTime();
        for (;;) {
            Runnable r;
            while ((r = queue.poll()) != null) {
                try {
                    r.run();
                } catch (Throwable t) {
                    // a handler's own failure is its own, as on the JDK's pool threads; the loop goes on
                    Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), t);
                }
                idleSince = System.nanoTime();
            }
            if (!closed && awaitBriefly()) {
                continue;
            }
            state.set(PARKED);
            if (!queue.isEmpty()) {
                // a handler came after the last poll (its sender may have set RUNNING already)
                state.compareAndSet(PARKED, RUNNING);
                continue;
            }
            if ((closed || System.nanoTime() - idleSince > TimeUnit.SECONDS.toNanos(IDLE_SECONDS))
                    && state.compareAndSet(PARKED, NONE)) {
                // ended; a handler offered meanwhile saw NONE and started the next thread, or will
                if (queue.isEmpty() || !state.compareAndSet(NONE, RUNNING)) {
                    return;
                }
                continue;
            }
            LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
            state.compareAndSet(PARKED, RUNNING);
        }
    }
}
