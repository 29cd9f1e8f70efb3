package dev.caio.cli;

import java.io.IOException;

/** Something {@code caio bench} measures: a caio implementation or a JDK baseline. */
public interface BenchTarget {

    /** The name in results: the implementation's name, or {@code afc}, {@code fc}, {@code fc-vthreads}. */
    String name();

    /** Whether this is a JDK baseline rather than a caio implementation. */
    boolean baseline();

    /**
     * Runs {@code c} on the file of {@code env}.
     *
     * @throws IOException if the file could not be opened or an operation failed
     * @throws InterruptedException if the thread was interrupted
     */
    BenchResult run(BenchCase c, BenchEnv env, ProgressBar progress) throws IOException, InterruptedException;
}
