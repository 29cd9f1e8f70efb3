package dev.caio.cli;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code --chart}: ops/s against queue depth, one line per implementation, baseline and fio engine (and per workload
 * and block size when there are several), drawn with XChart; {@code .svg} through its vector encoder, {@code .png}
 * through its bitmap encoder. Every series has a colour of its own. The queue depth axis is logarithmic, labelled at
 * the powers of two; the ops/s axis is labelled {@code 250k}, {@code 1.4M}, and is logarithmic, labelled at each
 * decade ({@code 1k}, {@code 10k}, {@code 100k}), when the rates span a decade or more.
 */
public final class ChartWriter {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;
    /** Tableau 10: well apart on screen and in print; the colours after these are generated. */
    private static final int[] PALETTE = {0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f, 0xedc948, 0xb07aa1,
        0xff9da7, 0x9c755f, 0xbab0ac};
    private static final Marker[] MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND,
        SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN};

    private ChartWriter() {
    }

    /**
     * Whether {@code file} names a format this writer supports ({@code .svg} or {@code .png}).
     */
    public static boolean supports(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".svg") || name.endsWith(".png");
    }

    /**
     * Checks, before a run, that {@code file} can be written where it is: not a directory, in a directory that
     * exists.
     *
     * @throws FileError naming the file and what is wrong
     */
    public static void checkTarget(Path file) throws FileError {
        if (Files.isDirectory(file)) {
            throw new FileError(file, new FileSystemException(file.toString(), null, "is a directory"));
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new FileError(file, new FileSystemException(file.toString(), null,
                    "directory " + dir + (Files.exists(dir) ? " is not a directory" : " does not exist")));
        }
    }

    /**
     * Draws {@code report} into {@code file}.
     *
     * @throws FileError if the file cannot be written
     */
    public static void write(BenchReport report, Path file) throws FileError {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("caio bench")
                .xAxisTitle("queue depth").yAxisTitle("ops/s").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        boolean several = report.results().stream().map(r -> r.benchCase().key().workload().label()
                + r.benchCase().blockSize()).distinct().count() > 1;
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (BenchResult r : report.results()) {
            BenchCase c = r.benchCase();
            series.computeIfAbsent(name(c.name(), c.key(), several), k -> new ArrayList<>())
                    .add(new double[] {c.iodepth(), r.opsPerSecond()});
        }
        report.fio().stream().filter(FioResult::ok).forEach(f -> series
                .computeIfAbsent(name("fio " + f.engine(), f.key(), several), k -> new ArrayList<>())
                .add(new double[] {f.key().iodepth(), f.iops()}));
        double[] positive = series.values().stream().flatMap(List::stream).mapToDouble(p -> p[1])
                .filter(v -> v > 0 && Double.isFinite(v)).sorted().toArray();
        boolean logY = positive.length > 0 && positive[positive.length - 1] >= 10 * positive[0];
        // XChart's own logarithmic axes label 1E5 and take no label formatter: the axes are drawn linear here, over
        // log2 of the queue depth and, when the rates span a decade, log10 of the rate, and labelled back.
        if (logY) {
            List<Double> ticks = decadeTicks(positive[0], positive[positive.length - 1]);
            chart.getStyler().setYAxisMin(Math.log10(ticks.get(0)))
                    .setYAxisMax(Math.log10(ticks.get(ticks.size() - 1)));
            chart.setCustomYAxisTickLabelsFormatter(y -> powerLabel(10, y));
        } else {
            chart.setCustomYAxisTickLabelsFormatter(ChartWriter::formatCount);
        }
        chart.setCustomXAxisTickLabelsFormatter(x -> powerLabel(2, x));
        // XChart cycles through a short palette; colours of our own keep every series apart.
        chart.getStyler().setSeriesColors(colors(Math.max(1, series.size())));
        int i = 0;
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            // a rate of 0 has no place on a logarithmic axis
            List<double[]> points = e.getValue().stream().filter(p -> !logY || p[1] > 0).toList();
            if (points.isEmpty()) {
                points = List.of(new double[] {e.getValue().get(0)[0], positive[0]});
            }
            chart.addSeries(e.getKey(), points.stream().mapToDouble(p -> Math.log(p[0]) / Math.log(2)).toArray(),
                    points.stream().mapToDouble(p -> logY ? Math.log10(p[1]) : p[1]).toArray())
                    .setMarker(MARKERS[i++ % MARKERS.length]);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            if (file.toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
                BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
            } else {
                VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            }
        } catch (IOException e) {
            throw new FileError(file, e);
        }
    }

    /**
     * The label of {@code exponent} on an axis drawn over logarithms to {@code base}: {@code base^exponent} as a
     * count when the exponent is whole ({@code 1k} for 3 in base 10, {@code 32} for 5 in base 2), else none, so that
     * only the powers are labelled.
     */
    static String powerLabel(int base, double exponent) {
        long whole = Math.round(exponent);
        return Math.abs(exponent - whole) < 1e-6 ? formatCount(Math.pow(base, whole)) : "";
    }

    /**
     * {@code n} colours, no two alike: the palette first, then hues a golden angle apart, in three steps of
     * brightness so that neighbours differ in more than hue.
     */
    static Color[] colors(int n) {
        Color[] colors = new Color[n];
        for (int i = 0; i < n; i++) {
            if (i < PALETTE.length) {
                colors[i] = new Color(PALETTE[i]);
            } else {
                int k = i - PALETTE.length;
                float hue = (float) ((k * 0.618033988749895) % 1.0);
                colors[i] = Color.getHSBColor(hue, 0.75f, 0.55f + 0.2f * (k % 3));
            }
        }
        return colors;
    }

    /**
     * The powers of ten from the one at or below {@code min} to the one at or above {@code max}: the ticks of a
     * logarithmic axis over {@code [min, max]}, such as 1k, 10k, 100k, 1M for 2,300 to 870,000.
     *
     * @throws IllegalArgumentException unless {@code 0 < min <= max}, both finite
     */
    static List<Double> decadeTicks(double min, double max) {
        if (!(min > 0) || !(max >= min) || Double.isInfinite(max)) {
            throw new IllegalArgumentException("no logarithmic axis from " + min + " to " + max);
        }
        // floor and ceil of log10 with a tolerance: log10(1000) may come out as 2.9999999999999996
        int low = (int) Math.floor(Math.log10(min) + 1e-9);
        int high = (int) Math.ceil(Math.log10(max) - 1e-9);
        List<Double> ticks = new ArrayList<>();
        for (int e = low; e <= Math.max(high, low + 1); e++) {
            ticks.add(Double.parseDouble("1e" + e));
        }
        return ticks;
    }

    /**
     * A count for an axis label: {@code 950}, {@code 250k}, {@code 1.4M}, {@code 2G}; at most three significant
     * digits, the trailing {@code .0} dropped.
     */
    static String formatCount(double value) {
        if (!Double.isFinite(value)) {
            return String.valueOf(value);
        }
        double a = Math.abs(value);
        String[] suffixes = {"", "k", "M", "G", "T"};
        int s = 0;
        while (s < suffixes.length - 1 && a >= 999.5) {
            a /= 1000;
            s++;
        }
        String digits = a >= 99.5 || a == Math.rint(a) ? String.format(Locale.ROOT, "%.0f", a)
                : a >= 9.95 ? String.format(Locale.ROOT, "%.1f", a) : String.format(Locale.ROOT, "%.2f", a);
        if (digits.contains(".")) {
            digits = digits.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return (value < 0 ? "-" : "") + digits + suffixes[s];
    }

    private static String name(String target, BenchCase.Key key, boolean several) {
        return several ? target + " " + key.workload().label() + " " + SizeParser.format(key.blockSize()) : target;
    }
}
