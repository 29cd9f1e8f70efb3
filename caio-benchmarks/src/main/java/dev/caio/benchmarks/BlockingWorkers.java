package dev.caio.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The thread shapes' submitters for one JMH iteration: one worker per stream, each repeating a blocking read or write
 * (a {@code FileChannel} call, or a caio call it joins) until stopped, while the benchmark thread waits in
 * {@link #await} for the next batch of completions across all of them.
 *
 * <p>The workers run through the whole iteration rather than being handed a share of each invocation: a share would
 * end every invocation with a barrier (the last thread to be scheduled holding up the rest, fewer than {@code qd} in
 * flight meanwhile) and start the next with {@code qd} wake-ups, neither of which the steady state has. Each
 * invocation is credited exactly its count, and a batch starts where the previous one ended, not when the benchmark
 * thread got back to it, so no completion is lost to its wake-up latency.
 */
final class BlockingWorkers {
    /**
     * Completions a worker counts before adding them to the shared total: a shared counter bumped on every operation
     * would bounce its cache line between the cores on each one. At most {@code workers * (PUBLISH_EVERY - 1)}
     * completions are unaccounted at any time, whichever end of an iteration they fall at.
     */
    private static final int PUBLISH_EVERY = 16;
    private static final long STOP_TIMEOUT_SECONDS = 60;

    /** One blocking operation of worker {@code worker} at {@code offset}. */
    @FunctionalInterface
    interface Io {
        int run(int worker, long offset) throws IOException;
    }

    private final AtomicLong completed = new AtomicLong();
    private final List<Future<?>> tasks = new ArrayList<>();
    private volatile boolean running = true;
    /** The completed count the benchmark thread waits for; the worker that reaches it wakes that thread. */
    private volatile long target = Long.MAX_VALUE;
    private volatile Thread waiter;
    private volatile Throwable failure;
    /** The end of the last batch {@link #await} returned, or -1 before the first. Benchmark thread only. */
    private long credited = -1;

    private BlockingWorkers() {
    }

    /**
     * Where workers run: a virtual thread each, or {@code n} platform threads. These are daemons because a failed
     * invocation skips the iteration's teardown, and the fork must still be able to exit.
     */
    static ExecutorService threads(boolean virtual, int n) {
        if (virtual) {
            return VirtualThreads.newPerTaskExecutor();
        }
        AtomicInteger ids = new AtomicInteger();
        return Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "bench-worker-" + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts one worker per stream on {@code executor}, worker {@code k} doing {@code io} on {@code streams[k]}. */
    static BlockingWorkers start(ExecutorService executor, Offsets[] streams, Io io) {
        BlockingWorkers w = new BlockingWorkers();
        for (int k = 0; k < streams.length; k++) {
            int worker = k;
            w.tasks.add(executor.submit(() -> w.work(io, worker, streams[worker])));
        }
        return w;
    }

    private void work(Io io, int worker, Offsets offsets) {
        int pending = 0;
        try {
            while (running) {
                io.run(worker, offsets.next());
                if (++pending == PUBLISH_EVERY) {
                    publish(pending);
                    pending = 0;
                }
            }
        } catch (Throwable e) {
            failure = e;
            wake();
        }
    }

    private void publish(int n) {
        long now = completed.addAndGet(n);
        long t = target;
        if (now >= t && now - n < t) {
            wake();
        }
    }

    private void wake() {
        Thread t = waiter;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * Waits until the workers have completed {@code ops} more operations than the batch before (counted from the
     * first call's start) and returns the new total.
     */
    long await(int ops) {
        if (credited < 0) {
            waiter = Thread.currentThread();
            credited = completed.get();
        }
        long t = credited + ops;
        credited = t;
        target = t;
        while (completed.get() < t) {
            Throwable f = failure;
            if (f != null) {
                throw new IllegalStateException("a worker's operation failed: " + f, f);
            }
            LockSupport.park(this);
        }
        return t;
    }

    /** Stops the workers, each after its current operation, and waits for them. */
    void stop() throws Exception {
        running = false;
        for (Future<?> task : tasks) {
            try {
                task.get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new IllegalStateException("a worker did not finish its operation in " + STOP_TIMEOUT_SECONDS
                        + " s", e);
            }
        }
    }
}
