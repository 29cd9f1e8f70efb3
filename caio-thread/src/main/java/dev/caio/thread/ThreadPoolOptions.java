package dev.caio.thread;

import dev.caio.spi.BackendOptions;
import java.util.Map;
import java.util.Set;

/** The {@code thread} backend's options. */
final class ThreadPoolOptions {
    static final String POOL_SIZE = "poolSize";
    static final String POOL_SIZE_PROPERTY = "caio.thread.poolSize";
    /** Python caio's default; enough to keep a disk's queue busy, few enough to share two cores. */
    static final int DEFAULT_POOL_SIZE = 8;

    private ThreadPoolOptions() {
    }

    static int poolSize(Map<String, String> options) {
        return new BackendOptions(ThreadPoolProvider.NAME, options, Set.of(POOL_SIZE))
                .intValue(POOL_SIZE, POOL_SIZE_PROPERTY, DEFAULT_POOL_SIZE, 1, 1024);
    }
}
