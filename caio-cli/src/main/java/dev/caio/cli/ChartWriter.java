package dev.caio.cli;

import java.io.IOException;
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
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code --chart}: ops/s against queue depth, one line per implementation, baseline and fio engine (and per workload
 * and block size when there are several), drawn with XChart; {@code .svg} through its vector encoder, {@code .png}
 * through its bitmap encoder.
 */
public final class ChartWriter {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;

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
     * Draws {@code report} into {@code file}.
     *
     * @throws IOException if the file cannot be written
     */
    public static void write(BenchReport report, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("caio bench")
                .xAxisTitle("queue depth").yAxisTitle("ops/s").build();
        chart.getStyler().setXAxisLogarithmic(true).setLegendPosition(
                org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
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
        series.forEach((name, points) -> chart.addSeries(name,
                points.stream().mapToDouble(p -> p[0]).toArray(),
                points.stream().mapToDouble(p -> p[1]).toArray()).setMarker(SeriesMarkers.CIRCLE));
        String path = file.toString();
        if (path.toLowerCase(Locale.ROOT).endsWith(".png")) {
            BitmapEncoder.saveBitmap(chart, path, BitmapEncoder.BitmapFormat.PNG);
        } else {
            VectorGraphicsEncoder.saveVectorGraphic(chart, path, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        }
    }

    private static String name(String target, BenchCase.Key key, boolean several) {
        return several ? target + " " + key.workload().label() + " " + SizeParser.format(key.blockSize()) : target;
    }
}
