package dev.caio.thread;

import dev.caio.spi.BackendOptions;
import java.util.Map;
import java.util.Set;

/** The {@code thread} backend's options. */
final class ThreadPoolOptions {
    static final String POOL_SIZE = "poolSize";
    static final String POOL_SIZE_PROPERTY = "caio.thread.poolSize";
    /**
     * One thread per core, between 2 and 8 (Python caio's fixed default). On page-cached data more threads than
     * cores only add context switches (measured: 8 threads give half the throughput of 2 on two cores); for slow
     * disks raise it to the queue depth the device wants.
     */
    static final int DEFAULT_POOL_SIZE = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));

    private ThreadPoolOptions() {
    }

    static int poolSize(Map<String, String> options) {
        return new BackendOptions(ThreadPoolProvider.NAME, options, Set.of(POOL_SIZE))
                .intValue(POOL_SIZE, POOL_SIZE_PROPERTY, DEFAULT_POOL_SIZE, 1, 1024);
    }
}
