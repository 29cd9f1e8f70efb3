package dev.caio.java;

import dev.caio.Operation;
import dev.caio.spi.AbstractAsyncFileContext;
import dev.caio.spi.ChannelIoPool;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code java} context: each admitted operation runs as positional {@code FileChannel} I/O on one of a fixed
 * number of daemon threads named {@code caio-java-<context>-<n>}, where its future also completes.
 *
 * <p>{@code AsynchronousFileChannel} cannot be opened on a bare {@code FileDescriptor}, and on Linux it is itself a
 * thread pool doing these same {@code pread}/{@code pwrite} calls, so this backend does them directly. The threads
 * ignore interrupts (see {@link ChannelIoPool}), so an operation in flight cannot be interrupted; cancelling it only
 * detaches the future.
 */
final class JavaChannelContext extends AbstractAsyncFileContext {
    private static final AtomicInteger CONTEXTS = new AtomicInteger();

    private final ChannelIoPool pool;

    JavaChannelContext(int maxRequests, int threads) {
        super(JavaChannelProvider.NAME, maxRequests);
        pool = new ChannelIoPool(this, "caio-java-" + CONTEXTS.incrementAndGet() + "-", Math.min(threads, maxRequests));
    }

    @Override
    protected void start(Operation<?>[] ops, int count) {
        for (int i = 0; i < count; i++) {
            pool.execute(ops[i]);
        }
    }

    @Override
    protected boolean shutdown() {
        return pool.shutdown();
    }
}
