package dev.caio.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.CompletionHandler;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The loop {@code AsynchronousFileChannel} users write: one thread starts {@code iodepth} chains, and each completion
 * handler starts its chain's next operation, so the queue depth stays full without the starting thread. Each chain has
 * its own buffer and its own stream of offsets.
 */
final class ChainLoop {
    private static final long DRAIN_TIMEOUT_SECONDS = 60;

    private ChainLoop() {
    }

    static BenchResult run(AsynchronousFileChannel channel, BenchCase c, BenchEnv env, ProgressBar progress)
            throws IOException, InterruptedException {
        Measurement m = env.startMeasurement();
        CountDownLatch ended = new CountDownLatch(c.iodepth());
        for (int i = 0; i < c.iodepth(); i++) {
            new Chain(channel, m, ended, env.buffer(c.blockSize()),
                    new AccessPattern(c.workload(), c.blockSize(), env.fileSize(), i, c.iodepth())).next();
        }
        long over = 0;
        while (!ended.await(10, TimeUnit.MILLISECONDS)) {
            long now = System.nanoTime();
            progress.update(Math.min(1, m.fraction(now)));
            if (over == 0 && m.fraction(now) >= 1) {
                over = now;
            } else if (over != 0 && now - over > TimeUnit.SECONDS.toNanos(DRAIN_TIMEOUT_SECONDS)) {
                throw new IOException(ended.getCount() + " chains did not end within " + DRAIN_TIMEOUT_SECONDS + " s");
            }
        }
        return m.finish(c);
    }

    /** One chain: an operation in flight at a time, the next started by the handler of the last. */
    private static final class Chain implements CompletionHandler<Integer, Long> {
        private final AsynchronousFileChannel channel;
        private final Measurement m;
        private final CountDownLatch ended;
        private final ByteBuffer buffer;
        private final AccessPattern pattern;

        Chain(AsynchronousFileChannel channel, Measurement m, CountDownLatch ended, ByteBuffer buffer,
              AccessPattern pattern) {
            this.channel = channel;
            this.m = m;
            this.ended = ended;
            this.buffer = buffer;
            this.pattern = pattern;
        }

        void next() {
            long now = System.nanoTime();
            if (!m.running(now)) {
                ended.countDown();
                return;
            }
            buffer.clear();
            long offset = pattern.nextOffset();
            if (pattern.nextIsWrite()) {
                channel.write(buffer, offset, now, this);
            } else {
                channel.read(buffer, offset, now, this);
            }
        }

        @Override
        public void completed(Integer count, Long submitted) {
            m.completed(submitted, null);
            next();
        }

        @Override
        public void failed(Throwable error, Long submitted) {
            m.completed(submitted, error);
            ended.countDown();
        }
    }
}
