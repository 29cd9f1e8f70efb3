package dev.caio.thread;

import dev.caio.internal.natives.NativeContext;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code thread} context: {@code poolSize} POSIX threads run the I/O; futures complete on one Java thread per
 * context, {@code caio-thread-completion-<n>}, which takes completions from C in batches.
 *
 * <p>With {@code inlineReads} (the default), reads of data already in the page cache are served without a hand-off:
 * by the submitting thread inside {@code submit} and by the completion thread while it waits, each with
 * {@code preadv2(RWF_NOWAIT)}, which never waits for a device (io_uring serves cached reads the same way). Their
 * futures then complete on that thread. Reads that would block, writes, syncs and all {@code O_DIRECT} I/O run on
 * the pool.
 *
 * <p>A queued operation that is cancelled is removed from the C queue; one a pool thread already runs finishes into
 * memory the library still owns (its staging buffer or the caller's direct buffer, kept reachable until then).
 */
final class ThreadPoolContext extends NativeContext {
    private static final AtomicInteger IDS = new AtomicInteger();

    private final ThreadPoolOptions options;

    ThreadPoolContext(int maxRequests, ThreadPoolOptions options) {
        this(maxRequests, options, true);
    }

    /** {@code checkAvailability} is false only for the availability probe's own self-test. */
    ThreadPoolContext(int maxRequests, ThreadPoolOptions options, boolean checkAvailability) {
        super(ThreadPoolProvider.NAME, maxRequests, options.inlineReads(), engine(checkAvailability),
                options.nativeOption());
        this.options = options;
        startCompletionThread("caio-thread-completion-" + IDS.incrementAndGet());
    }

    /** The engine, once the backend is known to be available (the check comes first: nothing is created before). */
    private static ThreadPoolNative engine(boolean checkAvailability) {
        if (checkAvailability) {
            ThreadPool.ensureAvailability();
        }
        return ThreadPoolNative.ENGINE;
    }

    /** The number of POSIX threads doing I/O. */
    int poolSize() {
        return options.poolSize();
    }

}
