package dev.caio.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The JDK baselines {@code --baselines} adds: {@code afc}, {@code afc-chained}, {@code fc}, {@code fc-threads} and
 * {@code fc-vthreads}.
 * Each runs once per case, in its own way, and every caio shape on that case is compared with it.
 */
public final class Baselines {
    /** Every baseline's name, in the order they run. */
    public static final List<String> NAMES = List.of(AfcTarget.NAME, AfcTarget.CHAINED, ChannelTarget.FC,
            ChannelTarget.FC_THREADS, ChannelTarget.FC_VTHREADS);

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
        for (String name : wanted) {
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown baseline '" + name + "'; known: all, "
                        + String.join(", ", NAMES));
            }
        }
        List<BenchTarget> targets = new ArrayList<>();
        for (String name : NAMES) {
            if (!wanted.contains(name)) {
                continue;
            }
            if (name.equals(AfcTarget.NAME)) {
                targets.add(AfcTarget.closedLoop());
            } else if (name.equals(AfcTarget.CHAINED)) {
                targets.add(AfcTarget.chainedHandlers());
            } else if (name.equals(ChannelTarget.FC)) {
                targets.add(ChannelTarget.platformThread());
            } else if (name.equals(ChannelTarget.FC_THREADS)) {
                targets.add(ChannelTarget.platformThreads());
            } else if (VirtualThreads.supported()) {
                targets.add(ChannelTarget.virtualThreads(VirtualThreads::newExecutor));
            } else {
                notes.add(name + " skipped: virtual threads need JDK 21+, this is " + Runtime.version());
            }
        }
        return targets;
    }
}
