package dev.caio.cli;

import java.util.Locale;

/**
 * How a caio implementation is driven: the shapes users write. The queue depth is the number of operations in
 * flight, which for the thread shapes is the number of submitting threads.
 */
public enum Shape {
    /** One thread keeps the queue depth in flight with single calls, submitting again as each completes. */
    ASYNC,
    /** As many platform threads as the queue depth share one context, each joining one read or write at a time. */
    THREADS,
    /** The same on virtual threads (JDK 21+). */
    VTHREADS,
    /** One thread submits rounds of queue-depth operations through the batch API and waits for each round. */
    BATCH;

    /** The name on the command line and in results: {@code async}, {@code threads}, {@code vthreads}, {@code batch}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Converts command-line names to shapes, case-insensitively. */
    public static final class Converter extends EnumConverter<Shape> {
        /** Creates the converter; picocli instantiates it. */
        public Converter() {
            super("shape", Shape.class);
        }
    }
}
