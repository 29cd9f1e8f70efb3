package dev.caio.cli;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The JDK baselines {@code --baselines} adds: {@code afc}, {@code fc} and {@code fc-vthreads}. Virtual threads come
 * through reflection, so the command still compiles for and runs on JDK 17, where that baseline is skipped.
 */
public final class Baselines {
    /** Every baseline's name, in the order they run. */
    public static final List<String> NAMES = List.of(AfcTarget.NAME, ChannelTarget.FC, ChannelTarget.FC_VTHREADS);

    private Baselines() {
    }

    /**
     * The baselines named in {@code names} ({@code all} for every one) that this JVM can run; for each it cannot, a
     * line is added to {@code notes}.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static List<BenchTarget> select(List<String> names, List<String> notes) {
        List<String> wanted = names.contains("all") ? NAMES : names;
        List<BenchTarget> targets = new ArrayList<>();
        for (String name : NAMES) {
            if (!wanted.contains(name)) {
                continue;
            }
            Method factory = virtualThreadFactory();
            if (name.equals(AfcTarget.NAME)) {
                targets.add(new AfcTarget());
            } else if (name.equals(ChannelTarget.FC)) {
                targets.add(ChannelTarget.platformThread());
            } else if (factory != null) {
                targets.add(ChannelTarget.virtualThreads(() -> newExecutor(factory)));
            } else {
                notes.add(name + " skipped: virtual threads need JDK 21+, this is " + Runtime.version());
            }
        }
        for (String name : wanted) {
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown baseline '" + name + "'; known: all, "
                        + String.join(", ", NAMES));
            }
        }
        return targets;
    }

    /** {@code Executors.newVirtualThreadPerTaskExecutor}, or null before JDK 21. */
    private static Method virtualThreadFactory() {
        try {
            return Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static ExecutorService newExecutor(Method factory) {
        try {
            return (ExecutorService) factory.invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create virtual threads", e);
        }
    }
}
