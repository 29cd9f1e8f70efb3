package dev.caio.benchmarks;

import java.util.Locale;

/**
 * How the benchmark drives a caio implementation: the shapes of {@code caio bench --shape}, with the queue depth as
 * the number of operations in flight, which for the thread shapes is the number of submitting threads.
 */
enum Shape {
    /** The benchmark thread keeps {@code qd} single calls in flight, starting the next as each completes. */
    ASYNC,
    /** {@code qd} platform threads share the context, each joining one call at a time. */
    THREADS,
    /** The same on {@code qd} virtual threads (JDK 21+). */
    VTHREADS,
    /** The benchmark thread hands rounds of {@code qd} operations to one {@code submit} and waits for each round. */
    BATCH;

    /** The shape named {@code name} ({@code async}, {@code threads}, {@code vthreads}, {@code batch}). */
    static Shape of(String name) {
        for (Shape s : values()) {
            if (s.name().toLowerCase(Locale.ROOT).equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("shape: async, threads, vthreads or batch, not '" + name + "'");
    }
}
