package dev.caio.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link BenchReport} as text: one {@link TextTable} per implementation and baseline (latencies in
 * microseconds, CPU in microseconds of process CPU time per operation, the most platform threads alive, then a column {@code x NAME} per baseline and
 * {@code x fio} for the best fio engine), then the fio results with their exact command lines, then the notes.
 */
public final class ResultTable {
    private static final String[] HEADERS = {"RW", "BS", "IODEPTH", "OPS/S", "MIB/S", "P50(us)", "P99(us)",
        "P99.9(us)", "CPU(us/op)", "THREADS"};

    private ResultTable() {
    }

    /** The text for {@code report}. */
    public static String render(BenchReport report) {
        StringBuilder sb = new StringBuilder();
        List<String> ratioColumns = new ArrayList<>(report.baselines());
        if (report.fio().stream().anyMatch(FioResult::ok)) {
            ratioColumns.add("fio");
        }
        for (String target : report.targets()) {
            sb.append(sb.length() > 0 ? "\n" : "").append(target).append('\n');
            sb.append(table(report, target, ratioColumns).render());
        }
        if (!report.fio().isEmpty()) {
            sb.append("\nfio\n").append(fioTable(report).render());
            report.fio().forEach(f -> sb.append("  $ ").append(f.commandLine()).append('\n'));
        }
        if (!report.notes().isEmpty()) {
            sb.append('\n');
            report.notes().forEach(n -> sb.append("note: ").append(n).append('\n'));
        }
        return sb.toString();
    }

    private static TextTable table(BenchReport report, String target, List<String> ratioColumns) {
        List<String> headers = new ArrayList<>(List.of(HEADERS));
        ratioColumns.forEach(c -> headers.add("x " + c));
        TextTable table = new TextTable(headers.toArray(String[]::new));
        for (int c = 1; c < headers.size(); c++) {
            table.alignRight(c);
        }
        for (BenchResult r : report.resultsOf(target)) {
            BenchCase c = r.benchCase();
            // Arrays.asList, not List.of: a value that is not a number (no operation measured) is a null cell
            List<String> row = new ArrayList<>(Arrays.asList(c.workload().label(), SizeParser.format(c.blockSize()),
                    Integer.toString(c.iodepth()), number("%.0f", r.opsPerSecond()), number("%.1f", r.mibPerSecond()),
                    micros(r, 50), micros(r, 99), micros(r, 99.9), number("%.2f", r.cpuMicrosPerOp()),
                    Integer.toString(r.peakThreads())));
            ratioColumns.forEach(col -> row.add(ratio(report.ratios(r).get(col))));
            table.addRow(row.toArray(String[]::new));
        }
        return table;
    }

    private static TextTable fioTable(BenchReport report) {
        TextTable table = new TextTable("RW", "BS", "IODEPTH", "ENGINE", "IOPS", "MIB/S", "ERROR")
                .alignRight(1, 2, 4, 5);
        for (FioResult f : report.fio()) {
            BenchCase.Key k = f.key();
            table.addRow(k.workload().label(), SizeParser.format(k.blockSize()), Integer.toString(k.iodepth()),
                    f.engine(), number("%.0f", f.iops()),
                    number("%.1f", f.iops() * k.blockSize() / (1024.0 * 1024.0)), f.error());
        }
        return table;
    }

    private static String micros(BenchResult r, double percentile) {
        return number("%.1f", r.latencyMicros(percentile));
    }

    private static String ratio(Double value) {
        return value == null ? null : number("%.2f", value);
    }

    /** {@code value} formatted, or null (printed as {@code -}) when it is not a finite number. */
    private static String number(String format, double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, format, value) : null;
    }
}
