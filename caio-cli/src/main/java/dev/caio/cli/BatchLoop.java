package dev.caio.cli;

import dev.caio.AsyncFileContext;
import dev.caio.Operation;
import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

/**
 * The loop for the batch API: one thread submits rounds of {@code iodepth} operations, each on its own buffer, in one
 * {@link AsyncFileContext#submit(List)} call, and waits for the whole round before the next. An operation's
 * latency runs from its round's submission to its own completion.
 */
final class BatchLoop {
    private BatchLoop() {
    }

    /**
     * Runs {@code c} on {@code fd} through {@code ctx}, reporting progress on {@code progress}.
     *
     * @throws IOException if an operation failed
     */
    static BenchResult run(AsyncFileContext ctx, FileDescriptor fd, BenchCase c, BenchEnv env, ProgressBar progress)
            throws IOException {
        AccessPattern pattern = new AccessPattern(c.workload(), c.blockSize(), env.fileSize(), 0, 1);
        ByteBuffer[] buffers = new ByteBuffer[c.iodepth()];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = env.buffer(c.blockSize());
        }
        List<Operation<Integer>> round = new ArrayList<>(Collections.nCopies(c.iodepth(), null));
        Measurement m = env.startMeasurement();
        for (long now = System.nanoTime(); m.running(now); now = System.nanoTime()) {
            progress.update(m.fraction(now));
            for (int i = 0; i < buffers.length; i++) {
                ByteBuffer buffer = buffers[i].clear();
                long offset = pattern.nextOffset();
                round.set(i, pattern.nextIsWrite() ? Operation.write(buffer, fd, offset)
                        : Operation.read(buffer, fd, offset));
            }
            long submitted = System.nanoTime();
            ctx.submit(round);
            for (Operation<Integer> op : round) {
                Throwable error = null;
                try {
                    op.join();
                } catch (CompletionException | CancellationException e) {
                    error = e.getCause() != null ? e.getCause() : e;
                }
                m.completed(submitted, error);
            }
        }
        return m.finish(c);
    }
}
