package dev.caio.benchmarks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Virtual threads through reflection: the project compiles for Java 17, {@code shape=vthreads} and the
 * {@code fc-vthreads} baseline need JDK 21+ at run time.
 */
final class VirtualThreads {
    private VirtualThreads() {
    }

    static ExecutorService newPerTaskExecutor() {
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new UnsupportedOperationException("virtual threads (shape=vthreads, fc-vthreads) need JDK 21 or "
                    + "later; this is " + Runtime.version(), e);
        }
    }
}
