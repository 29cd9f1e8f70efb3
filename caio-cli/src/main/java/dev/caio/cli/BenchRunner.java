package dev.caio.cli;

import dev.caio.AsyncFileContext;
import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Runs one {@link BenchCase}: a single submitting thread keeps {@code iodepth} operations in flight, each on its own
 * direct buffer of one block at a random block-aligned offset, and submits the next one as soon as a slot frees.
 * The first part of the run warms up; only operations submitted after it are measured. When the time is up the
 * in-flight operations are drained and counted, so the measured interval ends when the last of them completes.
 */
public final class BenchRunner {
    private static final long POLL_MILLIS = 10;
    private static final long DRAIN_TIMEOUT_SECONDS = 60;
    private static final long SEED = 0x5eed_ca10L;

    private final FileDescriptor fd;
    private final long fileSize;
    private final long warmupNanos;
    private final long measureNanos;

    /**
     * A runner for cases on {@code fd}, whose first {@code fileSize} bytes exist.
     *
     * @param warmupNanos how long to run before measuring
     * @param measureNanos how long to measure
     */
    public BenchRunner(FileDescriptor fd, long fileSize, long warmupNanos, long measureNanos) {
        this.fd = fd;
        this.fileSize = fileSize;
        this.warmupNanos = warmupNanos;
        this.measureNanos = measureNanos;
    }

    /**
     * Runs {@code c} on {@code ctx}, reporting progress on {@code progress}.
     *
     * @throws IOException if an operation failed or the in-flight operations did not drain
     * @throws InterruptedException if the thread was interrupted
     */
    public BenchResult run(AsyncFileContext ctx, BenchCase c, ProgressBar progress)
            throws IOException, InterruptedException {
        int bs = c.blockSize();
        long blocks = fileSize / bs;
        SplittableRandom random = new SplittableRandom(SEED);
        ByteBuffer[] buffers = new ByteBuffer[c.iodepth()];
        BlockingQueue<Integer> free = new ArrayBlockingQueue<>(c.iodepth());
        byte[] pattern = new byte[bs];
        random.nextBytes(pattern);
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = ByteBuffer.allocateDirect(bs).put(pattern);
            free.add(i);
        }
        Histogram latencies = new ConcurrentHistogram(3);
        LongAdder measured = new LongAdder();
        AtomicReference<Throwable> failure = new AtomicReference<>();

        long start = System.nanoTime();
        long measureStart = start + warmupNanos;
        long end = measureStart + measureNanos;
        for (long now = start; now < end && failure.get() == null; now = System.nanoTime()) {
            progress.update((double) (now - start) / (end - start));
            Integer slot = free.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            if (slot == null) {
                continue;
            }
            ByteBuffer buffer = buffers[slot].clear();
            long offset = random.nextLong(blocks) * bs;
            long submitted = System.nanoTime();
            CompletableFuture<Integer> op = c.workload() == Workload.RANDREAD
                    ? ctx.read(buffer, fd, offset) : ctx.write(buffer, fd, offset);
            op.whenComplete((count, error) -> {
                long latency = System.nanoTime() - submitted;
                if (error != null) {
                    failure.compareAndSet(null, error);
                } else if (submitted >= measureStart) {
                    latencies.recordValue(latency);
                    measured.increment();
                }
                free.add(slot);
            });
        }
        drain(free, c.iodepth());
        long elapsed = System.nanoTime() - measureStart;
        Throwable error = failure.get();
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            throw new IOException(c.label() + " failed: " + cause.getMessage(), cause);
        }
        return new BenchResult(c, measured.sum(), elapsed, latencies);
    }

    /** Waits until every slot is free again, that is every operation has completed. */
    private static void drain(BlockingQueue<Integer> free, int slots) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DRAIN_TIMEOUT_SECONDS);
        while (free.size() < slots) {
            if (System.nanoTime() > deadline) {
                throw new IOException((slots - free.size()) + " operations did not complete within "
                        + DRAIN_TIMEOUT_SECONDS + " s");
            }
            Thread.sleep(1);
        }
    }
}
