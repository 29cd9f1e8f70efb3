package dev.caio.cli;

import org.HdrHistogram.Histogram;

/**
 * What one {@link BenchCase} measured: completed operations over the measured time, their latencies, and the CPU
 * time the whole process used meanwhile.
 *
 * @param benchCase the case that ran
 * @param operations operations submitted and completed during the measured interval
 * @param elapsedNanos length of the measured interval, including the drain of its last operations
 * @param latencyNanos per-operation latency, submission to completion, in nanoseconds
 * @param cpuNanos process CPU time during the measured interval, or -1 when the JVM cannot tell
 * @param peakThreads the most platform threads alive in the process during the measured interval
 */
public record BenchResult(BenchCase benchCase, long operations, long elapsedNanos, Histogram latencyNanos,
                          long cpuNanos, int peakThreads) {

    /** Operations per second. */
    public double opsPerSecond() {
        return elapsedNanos <= 0 ? 0 : operations * 1e9 / elapsedNanos;
    }

    /** Throughput in MiB per second. */
    public double mibPerSecond() {
        return opsPerSecond() * benchCase.blockSize() / (1024.0 * 1024.0);
    }

    /** The latency at {@code percentile} (0 to 100) in microseconds; 0 when nothing was measured. */
    public double latencyMicros(double percentile) {
        return latencyNanos.getTotalCount() == 0 ? 0 : latencyNanos.getValueAtPercentile(percentile) / 1000.0;
    }

    /** Microseconds of process CPU time per operation; NaN when unknown or nothing was measured. */
    public double cpuMicrosPerOp() {
        return cpuNanos < 0 || operations == 0 ? Double.NaN : cpuNanos / 1000.0 / operations;
    }
}
