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
    BATCH,
    /** {@code CaioFileChannel}'s positional reads and writes on one platform thread: the {@code fc} baseline's shape. */
    FC,
    /** The same on as many platform threads as the queue depth, sharing one channel: {@code fc-threads}'s shape. */
    FC_THREADS,
    /** The same on virtual threads (JDK 21+): {@code fc-vthreads}'s shape. */
    FC_VTHREADS,
    /**
     * {@code CaioAsynchronousFileChannel} driven as the {@code afc} baseline is: one thread keeps the queue depth in
     * flight, each completion handler completing the operation's future.
     */
    AFC,
    /** {@code CaioAsynchronousFileChannel} driven as {@code afc-chained}: each handler starts its chain's next one. */
    AFC_CHAINED;

    /**
     * The name on the command line and in results: {@code async}, {@code threads}, {@code vthreads}, {@code batch},
     * {@code fc}, {@code fc-threads}, {@code fc-vthreads}, {@code afc}, {@code afc-chained}.
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether the shape runs on virtual threads. */
    public boolean virtual() {
        return this == VTHREADS || this == FC_VTHREADS;
    }

    /** Converts command-line names to shapes, case-insensitively. */
    public static final class Converter extends EnumConverter<Shape> {
        /** Creates the converter; picocli instantiates it. */
        public Converter() {
            super("shape", Shape.class);
        }
    }
}
