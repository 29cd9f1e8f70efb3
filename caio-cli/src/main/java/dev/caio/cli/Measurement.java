package dev.caio.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
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
    /** The process CPU time when the warm-up ended: set once, by the first thread past it. */
    private final AtomicLong cpuStart = new AtomicLong(Long.MIN_VALUE);

    /** Starts the clock now: {@code warmupNanos} of warm-up, then {@code measureNanos} measured. */
    public Measurement(long warmupNanos, long measureNanos) {
        this.start = System.nanoTime();
        this.measureStart = start + warmupNanos;
        this.end = measureStart + measureNanos;
        // loads the management beans now, not in the first thread past the warm-up
        processCpuNanos();
        ManagementFactory.getThreadMXBean().getPeakThreadCount();
    }

    /** Whether new operations should be submitted at {@code now}; notes the CPU time when the warm-up ends. */
    public boolean running(long now) {
        if (now >= measureStart && cpuStart.get() == Long.MIN_VALUE) {
            // the first thread past the warm-up sets it; a later one would measure a shorter interval
            long cpu = processCpuNanos();
            if (cpuStart.compareAndSet(Long.MIN_VALUE, cpu)) {
                ManagementFactory.getThreadMXBean().resetPeakThreadCount();
            }
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
        long cpuEnd = processCpuNanos();
        long elapsed = System.nanoTime() - measureStart;
        Throwable error = failure.get();
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            throw new IOException(c.label() + " failed: " + cause.getMessage(), cause);
        }
        long start = cpuStart.get();
        long cpu = start < 0 || cpuEnd < 0 ? -1 : cpuEnd - start;
        return new BenchResult(c, measured.sum(), elapsed, latencies, cpu,
                ManagementFactory.getThreadMXBean().getPeakThreadCount());
    }

    /** CPU time used by the whole process so far, or -1 when the JVM cannot tell. */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
