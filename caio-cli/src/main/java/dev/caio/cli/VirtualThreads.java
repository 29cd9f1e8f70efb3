package dev.caio.cli;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Virtual threads through reflection, so that the command still compiles for and runs on JDK 17, where what needs
 * them is skipped or refused.
 */
final class VirtualThreads {
    /** {@code Executors.newVirtualThreadPerTaskExecutor}, or null before JDK 21. */
    private static final Method FACTORY = factory();

    private VirtualThreads() {
    }

    /** Whether this JVM has virtual threads. */
    static boolean supported() {
        return FACTORY != null;
    }

    /**
     * A new virtual-thread-per-task executor.
     *
     * @throws IllegalStateException before JDK 21
     */
    static ExecutorService newExecutor() {
        if (FACTORY == null) {
            throw new IllegalStateException("virtual threads need JDK 21+, this is " + Runtime.version());
        }
        try {
            return (ExecutorService) FACTORY.invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create virtual threads", e);
        }
    }

    private static Method factory() {
        try {
            return Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
