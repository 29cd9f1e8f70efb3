package dev.caio.thread;

import dev.caio.spi.BackendOptions;
import java.util.Map;
import java.util.Set;

/**
 * The {@code thread} backend's options, read once per context.
 *
 * @param poolSize the most POSIX threads the pool grows to while work waits for the device
 * @param inlineReads whether page-cache reads and buffered writes may be served on the submitting and completion
 *        threads
 */
record ThreadPoolOptions(int poolSize, boolean inlineReads) {
    static final String POOL_SIZE = "poolSize";
    static final String POOL_SIZE_PROPERTY = "caio.thread.poolSize";
    static final String INLINE_READS = "inlineReads";
    static final String INLINE_READS_PROPERTY = "caio.thread.inlineReads";
    /** The native library's bound on threads per pool. */
    static final int MAX_POOL_SIZE = 1024;

    /** The native create option bit for {@link #inlineReads}; the low 16 bits carry the pool size. */
    static final int OPTION_INLINE_READS = 1 << 16;

    /**
     * The options of a context with {@code maxRequests} slots. The pool runs one thread per core (at most the bound)
     * for CPU work and grows while work that waits for the device is queued; a thread blocked on the device serves
     * no other request, so the default bound is {@code maxRequests} (capped at {@value #MAX_POOL_SIZE}): the pool
     * then never holds the device to a lower depth than the context admits.
     */
    static ThreadPoolOptions of(Map<String, String> options, int maxRequests) {
        BackendOptions o = new BackendOptions(ThreadPoolProvider.NAME, options, Set.of(POOL_SIZE, INLINE_READS));
        int bound = Math.min(maxRequests, MAX_POOL_SIZE);
        return new ThreadPoolOptions(o.intValue(POOL_SIZE, POOL_SIZE_PROPERTY, bound, 1, MAX_POOL_SIZE),
                o.intValue(INLINE_READS, INLINE_READS_PROPERTY, 1, 0, 1) == 1);
    }

    /** The option word {@link ThreadPoolNative#create} takes. */
    int nativeOption() {
        return poolSize | (inlineReads ? OPTION_INLINE_READS : 0);
    }
}
