package dev.caio.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The loop for blocking calls: {@code workers} tasks on {@code executor}, each with its own buffer and access stream,
 * each doing one read or write at a time until the time is up (a {@code FileChannel} call, or a caio call it joins).
 * The calling thread draws the progress bar meanwhile.
 */
public final class BlockingLoop {
    private static final long POLL_MILLIS = 10;

    private BlockingLoop() {
    }

    /** One blocking read into or write from {@code buffer} at {@code offset}. */
    @FunctionalInterface
    public interface Io {
        /** Does the operation and returns the byte count. */
        int run(ByteBuffer buffer, long offset, boolean write) throws IOException;
    }

    /**
     * Runs {@code c} with {@code workers} tasks doing {@code io}; {@code c.iodepth()} only labels the result.
     *
     * @throws IOException if an operation failed
     * @throws InterruptedException if the thread was interrupted
     */
    public static BenchResult run(Io io, ExecutorService executor, int workers, BenchCase c,
                                  BenchEnv env, ProgressBar progress) throws IOException, InterruptedException {
        Measurement m = env.startMeasurement();
        List<Future<?>> tasks = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            AccessPattern pattern = new AccessPattern(c.workload(), c.blockSize(), env.fileSize(), w, workers);
            ByteBuffer buffer = env.buffer(c.blockSize());
            tasks.add(executor.submit(() -> work(io, pattern, buffer, m)));
        }
        for (Future<?> task : tasks) {
            while (!task.isDone()) {
                long now = System.nanoTime();
                m.running(now);
                progress.update(m.fraction(now));
                Thread.sleep(POLL_MILLIS);
            }
            try {
                task.get();
            } catch (ExecutionException e) {
                throw new IOException(c.label() + " failed: " + e.getCause(), e.getCause());
            }
        }
        return m.finish(c);
    }

    private static void work(Io io, AccessPattern pattern, ByteBuffer buffer, Measurement m) {
        while (m.running(System.nanoTime())) {
            buffer.clear();
            long offset = pattern.nextOffset();
            boolean write = pattern.nextIsWrite();
            long submitted = System.nanoTime();
            Throwable error = null;
            try {
                io.run(buffer, offset, write);
            } catch (IOException | RuntimeException e) {
                error = e;
            }
            m.completed(submitted, error);
        }
    }
}
