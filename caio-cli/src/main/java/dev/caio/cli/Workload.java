package dev.caio.cli;

import java.util.Locale;

/** A benchmark access pattern, named as fio names it: random or sequential, reads, writes or a 50/50 mix. */
public enum Workload {
    /** Random reads of one block each. */
    RANDREAD(true, 0),
    /** Random writes of one block each, without syncs. */
    RANDWRITE(true, 100),
    /** Sequential reads, wrapping around at the end of the file. */
    READ(false, 0),
    /** Sequential writes, wrapping around at the end of the file. */
    WRITE(false, 100),
    /** Random reads and writes, half each (fio's default {@code rwmixread=50}). */
    RANDRW(true, 50);

    private final boolean random;
    private final int writePercent;

    Workload(boolean random, int writePercent) {
        this.random = random;
        this.writePercent = writePercent;
    }

    /** The name used on the command line, in results and by fio: {@code randread}, {@code write}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether offsets are random rather than sequential. */
    public boolean random() {
        return random;
    }

    /** The share of operations that write, 0 to 100. */
    public int writePercent() {
        return writePercent;
    }

    /** Converts command-line names to workloads, case-insensitively. */
    public static final class Converter extends EnumConverter<Workload> {
        /** Creates the converter; picocli instantiates it. */
        public Converter() {
            super("workload", Workload.class);
        }
    }
}
