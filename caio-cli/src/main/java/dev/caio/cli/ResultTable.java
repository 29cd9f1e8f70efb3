package dev.caio.cli;

import java.util.List;
import java.util.Locale;

/** Renders benchmark results as a {@link TextTable}: one row per case, latencies in microseconds. */
public final class ResultTable {
    private ResultTable() {
    }

    /** The table for {@code results}, in their order. */
    public static String render(List<BenchResult> results) {
        TextTable table = new TextTable("IMPL", "RW", "BS", "IODEPTH", "OPS/S", "MIB/S", "P50(us)", "P99(us)",
                "P99.9(us)").alignRight(2, 3, 4, 5, 6, 7, 8);
        for (BenchResult r : results) {
            BenchCase c = r.benchCase();
            table.addRow(c.implementation(), c.workload().label(), SizeParser.format(c.blockSize()),
                    Integer.toString(c.iodepth()), number("%.0f", r.opsPerSecond()),
                    number("%.1f", r.mibPerSecond()), micros(r, 50), micros(r, 99), micros(r, 99.9));
        }
        return table.render();
    }

    private static String micros(BenchResult r, double percentile) {
        return number("%.1f", r.latencyMicros(percentile));
    }

    private static String number(String format, double value) {
        return String.format(Locale.ROOT, format, value);
    }
}
