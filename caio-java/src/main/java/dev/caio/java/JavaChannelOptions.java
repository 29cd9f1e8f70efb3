package dev.caio.java;

import java.util.Map;

/** Parses the {@code java} backend's options. */
final class JavaChannelOptions {
    static final String THREADS = "threads";
    static final String THREADS_PROPERTY = "caio.java.threads";
    static final int DEFAULT_THREADS = 8;

    private JavaChannelOptions() {
    }

    static int threads(Map<String, String> options) {
        for (String key : options.keySet()) {
            if (!key.equals(THREADS)) {
                throw new IllegalArgumentException("implementation java: unknown option '" + key
                        + "'; known: " + THREADS);
            }
        }
        String value = options.getOrDefault(THREADS, System.getProperty(THREADS_PROPERTY));
        if (value == null) {
            return DEFAULT_THREADS;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n < 1 || n > 1024) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("implementation java: " + THREADS + " must be 1..1024, got '" + value + "'");
        }
    }
}
