package dev.caio.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A benchmark access pattern: block-aligned random reads or random writes. */
public enum Workload {
    /** Random reads of one block each. */
    RANDREAD,
    /** Random writes of one block each, without syncs. */
    RANDWRITE;

    /** The name used on the command line and in results: {@code randread} or {@code randwrite}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Converts command-line names to workloads, case-insensitively. */
    public static final class Converter implements ITypeConverter<Workload> {
        /** Creates the converter; picocli instantiates it. */
        public Converter() {
        }

        @Override
        public Workload convert(String value) {
            for (Workload w : values()) {
                if (w.label().equalsIgnoreCase(value.strip())) {
                    return w;
                }
            }
            throw new TypeConversionException("unknown workload '" + value + "'; expected one of "
                    + Arrays.stream(values()).map(Workload::label).collect(Collectors.joining(", ")));
        }
    }
}
