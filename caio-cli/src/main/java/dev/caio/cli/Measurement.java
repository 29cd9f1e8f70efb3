package dev.caio.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The clock and the counters of one case, shared by the threads that run it: a warm-up, then a measured interval.
 * Only operations submitted after the warm-up count; the interval ends when the last of them has completed, and the
 * process CPU time is taken at both ends, and the most platform threads alive meanwhile (carriers a pinned virtual
 * thread made the scheduler add show there). Thread-safe.
 */
public final class Measurement {
    private final long start;
    private final long measureStart;
    private final long end;
    private final Histogram latencies = new ConcurrentHistogram(3);
    private final LongAdder measured = new LongAdder();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** Claimed by the first thread past the warm-up, which then notes the CPU time. */
    private final AtomicBoolean measuring = new AtomicBoolean();
    /** The process CPU time when the warm-up ended; null until the first thread past it has read it. */
    private volatile ProcessCpu cpuStart;

    /** Starts the clock now: {@code warmupNanos} of warm-up, then {@code measureNanos} measured. */
    public Measurement(long warmupNanos, long measureNanos) {
        this.start = System.nanoTime();
        this.measureStart = start + warmupNanos;
        this.end = measureStart + measureNanos;
        // loads the management beans and the CPU reader now, not in the first thread past the warm-up
        ProcessCpu.now();
        ManagementFactory.getThreadMXBean().getPeakThreadCount();
    }

    /** Whether new operations should be submitted at {@code now}; notes the CPU time when the warm-up ends. */
    public boolean running(long now) {
        if (now >= measureStart && !measuring.get() && measuring.compareAndSet(false, true)) {
            // the first thread past the warm-up notes it; a later one would measure a shorter interval
            ManagementFactory.getThreadMXBean().resetPeakThreadCount();
            cpuStart = ProcessCpu.now();
        }
        return now < end && failure.get() == null;
    }

    /** The share of the time gone by at {@code now}, 0 to 1, for a progress bar. */
    public double fraction(long now) {
        return (double) (now - start) / (end - start);
    }

    /** Records an operation submitted at {@code submittedNanos} that completed now, with {@code error} or not. */
    public void completed(long submittedNanos, Throwable error) {
        long latency = System.nanoTime() - submittedNanos;
        if (error != null) {
            failure.compareAndSet(null, error);
        } else if (submittedNanos >= measureStart) {
            latencies.recordValue(latency);
            measured.increment();
        }
    }

    /**
     * Ends the case once every operation has completed.
     *
     * @throws IOException if an operation failed
     */
    public BenchResult finish(BenchCase c) throws IOException {
        long elapsed = System.nanoTime() - measureStart;
        ProcessCpu cpuEnd = ProcessCpu.now();
        Throwable error = failure.get();
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            throw new IOException(c.label() + " failed: " + cause.getMessage(), cause);
        }
        ProcessCpu start = cpuStart;
        long cpu = start == null ? -1 : cpuEnd.nanosSince(start);
        return new BenchResult(c, measured.sum(), elapsed, latencies, cpu,
                ManagementFactory.getThreadMXBean().getPeakThreadCount());
    }
}
