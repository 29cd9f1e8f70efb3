package dev.caio.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The closed loop for asynchronous APIs: a single submitting thread keeps {@code iodepth} operations in flight, each
 * on its own buffer of one block, and submits the next one as soon as a slot frees. When the time is up the in-flight
 * operations are drained, so the measured interval ends when the last of them completes.
 */
public final class AsyncLoop {
    private static final long POLL_MILLIS = 10;
    private static final long DRAIN_TIMEOUT_SECONDS = 60;

    private AsyncLoop() {
    }

    /** Submits one operation: a read into or a write from {@code buffer} at {@code offset}. */
    @FunctionalInterface
    public interface Submitter {
        /** Starts the operation; the future completes with the byte count. */
        CompletableFuture<Integer> submit(ByteBuffer buffer, long offset, boolean write);
    }

    /**
     * Runs {@code c} through {@code submitter}, reporting progress on {@code progress}.
     *
     * @throws IOException if an operation failed or the in-flight operations did not drain
     * @throws InterruptedException if the thread was interrupted
     */
    public static BenchResult run(Submitter submitter, BenchCase c, BenchEnv env, ProgressBar progress)
            throws IOException, InterruptedException {
        AccessPattern pattern = new AccessPattern(c.workload(), c.blockSize(), env.fileSize(), 0, 1);
        ByteBuffer[] buffers = new ByteBuffer[c.iodepth()];
        BlockingQueue<Integer> free = new ArrayBlockingQueue<>(c.iodepth());
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = env.buffer(c.blockSize());
            free.add(i);
        }
        Measurement m = env.startMeasurement();
        for (long now = System.nanoTime(); m.running(now); now = System.nanoTime()) {
            progress.update(m.fraction(now));
            Integer slot = free.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            if (slot == null) {
                continue;
            }
            ByteBuffer buffer = buffers[slot].clear();
            long offset = pattern.nextOffset();
            boolean write = pattern.nextIsWrite();
            long submitted = System.nanoTime();
            submitter.submit(buffer, offset, write).whenComplete((count, error) -> {
                m.completed(submitted, error);
                free.add(slot);
            });
        }
        drain(free, c.iodepth());
        return m.finish(c);
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
