package dev.caio.thread;

import dev.caio.internal.natives.NativeContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code thread} context: {@code poolSize} POSIX threads run the I/O; futures complete on one Java thread per
 * context, {@code caio-thread-completion-<n>}, which takes completions from C in batches.
 *
 * <p>A queued operation that is cancelled is removed from the C queue; one a pool thread already runs finishes into
 * memory the library still owns (its staging buffer or the caller's direct buffer, kept reachable until then).
 */
final class ThreadPoolContext extends NativeContext {
    private static final AtomicInteger IDS = new AtomicInteger();

    private final long handle;
    private final int poolSize;

    ThreadPoolContext(int maxRequests, int poolSize) {
        this(maxRequests, poolSize, true);
    }

    /** {@code checkAvailability} is false only for the availability probe's own self-test. */
    ThreadPoolContext(int maxRequests, int poolSize, boolean checkAvailability) {
        super(ThreadPoolProvider.NAME, maxRequests, false);
        if (checkAvailability) {
            ThreadPool.ensureAvailability();
        }
        try {
            this.handle = ThreadPoolNative.create(maxRequests, poolSize);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the thread pool", e);
        }
        this.poolSize = poolSize;
        startCompletionThread("caio-thread-completion-" + IDS.incrementAndGet());
    }

    /** The number of POSIX threads doing I/O. */
    int poolSize() {
        return poolSize;
    }

    @Override
    protected void nativeSubmit(Object[] fds, Object[] buffers, long[] params, int count) {
        ThreadPoolNative.submit(handle, fds, buffers, params, count);
    }

    @Override
    protected int nativeReap(long[] out) {
        return ThreadPoolNative.reap(handle, out);
    }

    @Override
    protected int nativePoll(long[] out) {
        return ThreadPoolNative.poll(handle, out);
    }

    @Override
    protected boolean nativeCancel(int slot) {
        return ThreadPoolNative.cancel(handle, slot);
    }

    @Override
    protected void nativeShutdown() {
        ThreadPoolNative.shutdown(handle);
    }

    @Override
    protected void nativeDestroy() {
        ThreadPoolNative.destroy(handle);
    }
}
