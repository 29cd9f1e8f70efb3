package dev.caio.java;

import dev.caio.spi.BackendOptions;
import java.util.Map;
import java.util.Set;

/** The {@code java} backend's options. */
final class JavaChannelOptions {
    static final String THREADS = "threads";
    static final String THREADS_PROPERTY = "caio.java.threads";
    static final int DEFAULT_THREADS = 8;

    private JavaChannelOptions() {
    }

    static int threads(Map<String, String> options) {
        return new BackendOptions(JavaChannelProvider.NAME, options, Set.of(THREADS))
                .intValue(THREADS, THREADS_PROPERTY, DEFAULT_THREADS, 1, 1024);
    }
}
