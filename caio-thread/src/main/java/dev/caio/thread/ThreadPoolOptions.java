package dev.caio.thread;

import dev.caio.spi.BackendOptions;
import java.util.Map;
import java.util.Set;

/**
 * The {@code thread} backend's options, read once per context.
 *
 * @param poolSize the number of POSIX threads that run blocking work
 * @param inlineReads whether page-cache reads may be served on the submitting and completion threads
 */
record ThreadPoolOptions(int poolSize, boolean inlineReads) {
    static final String POOL_SIZE = "poolSize";
    static final String POOL_SIZE_PROPERTY = "caio.thread.poolSize";
    static final String INLINE_READS = "inlineReads";
    static final String INLINE_READS_PROPERTY = "caio.thread.inlineReads";
    /**
     * One thread per core, between 2 and 8 (Python caio's fixed default). On page-cached data more threads than
     * cores only add context switches; for slow disks raise it to the queue depth the device wants.
     */
    static final int DEFAULT_POOL_SIZE = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
    /** The native create option bit for {@link #inlineReads}; the low 16 bits carry the pool size. */
    static final int OPTION_INLINE_READS = 1 << 16;

    static ThreadPoolOptions of(Map<String, String> options) {
        BackendOptions o = new BackendOptions(ThreadPoolProvider.NAME, options, Set.of(POOL_SIZE, INLINE_READS));
        return new ThreadPoolOptions(o.intValue(POOL_SIZE, POOL_SIZE_PROPERTY, DEFAULT_POOL_SIZE, 1, 1024),
                o.intValue(INLINE_READS, INLINE_READS_PROPERTY, 1, 0, 1) == 1);
    }

    /** The option word {@link ThreadPoolNative#create} takes. */
    int nativeOption() {
        return poolSize | (inlineReads ? OPTION_INLINE_READS : 0);
    }
}
