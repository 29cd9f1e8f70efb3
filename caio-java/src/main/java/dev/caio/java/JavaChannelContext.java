package dev.caio.java;

import dev.caio.Operation;
import dev.caio.spi.AbstractAsyncFileContext;
import dev.caio.spi.ChannelIo;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code java} context: each admitted operation runs as positional {@code FileChannel} I/O on one of a fixed
 * number of daemon threads named {@code caio-java-<context>-<n>}, where its future also completes.
 *
 * <p>{@code AsynchronousFileChannel} cannot be opened on a bare {@code FileDescriptor}, and on Linux it is itself a
 * thread pool doing these same {@code pread}/{@code pwrite} calls, so this backend does them directly. An operation in
 * flight cannot be interrupted (that would close the channel, and with it the caller's descriptor); cancelling it
 * only detaches the future.
 */
final class JavaChannelContext extends AbstractAsyncFileContext {
    private static final AtomicInteger CONTEXTS = new AtomicInteger();

    private final ThreadPoolExecutor pool;

    JavaChannelContext(int maxRequests, int threads) {
        super(JavaChannelProvider.NAME, maxRequests);
        int id = CONTEXTS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        int size = Math.min(threads, maxRequests);
        // The queue never holds more than maxRequests: the base class admits no more than that.
        this.pool = new ThreadPoolExecutor(size, size, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(maxRequests),
                r -> new Worker(this, r, "caio-java-" + id + "-" + n.incrementAndGet()));
    }

    @Override
    protected void start(Operation<?>[] ops, int count) {
        for (int i = 0; i < count; i++) {
            Operation<?> op = ops[i];
            pool.execute(() -> ChannelIo.run(this, op));
        }
    }

    @Override
    protected boolean shutdown() {
        pool.shutdown();
        if (Thread.currentThread() instanceof Worker w && w.context == this) {
            return false; // closed from a completion callback: the other workers drain what is left
        }
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.DAYS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    /** A pool thread, marked with its context so that close() can tell when it runs on one. */
    private static final class Worker extends Thread {
        final JavaChannelContext context;

        Worker(JavaChannelContext context, Runnable task, String name) {
            super(task, name);
            this.context = context;
            setDaemon(true);
        }
    }
}
