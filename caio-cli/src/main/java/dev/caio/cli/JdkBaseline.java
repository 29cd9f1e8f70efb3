package dev.caio.cli;

/** A JDK baseline target: named, and marked as a baseline so results show ratios against it. */
public abstract class JdkBaseline implements BenchTarget {
    private final String name;

    /** A baseline called {@code name} in results. */
    protected JdkBaseline(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final boolean baseline() {
        return true;
    }
}
