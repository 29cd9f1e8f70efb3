package dev.caio.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --json}: a {@link BenchReport} as one JSON object, written with jackson-jr: {@code caio_version};
 * {@code machine} ({@code java}, {@code os}, {@code arch}, {@code cores}); {@code results} (one object per case with
 * {@code impl}, {@code shape} (null for a baseline), {@code baseline}, {@code rw}, {@code bs}, {@code iodepth},
 * {@code operations}, {@code elapsed_ns}, {@code ops_per_sec}, {@code mib_per_sec}, {@code p50_us}, {@code p99_us},
 * {@code p999_us}, {@code cpu_us_per_op}, {@code peak_threads} and {@code ratios}); {@code fio} (one object per job
 * with {@code engine}, {@code rw}, {@code bs}, {@code iodepth}, {@code iops}, {@code command}, {@code error}) and
 * {@code notes}. A number that is not finite (a CPU time the JVM cannot tell, a failed fio job) is {@code null}.
 */
public final class JsonReport {
    private JsonReport() {
    }

    /** The JSON text of {@code report}, on one line ending with a newline. */
    public static String render(BenchReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("caio_version", VersionProvider.caioVersion());
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("java", Runtime.version().toString());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("arch", System.getProperty("os.arch"));
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        root.put("machine", machine);
        root.put("results", report.results().stream().map(r -> result(report, r)).toList());
        root.put("fio", report.fio().stream().map(JsonReport::fio).toList());
        root.put("notes", report.notes());
        try {
            return JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES).asString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e); // only maps, lists, strings and numbers: nothing can fail
        }
    }

    /**
     * Parses a JSON object, such as fio's report.
     *
     * @throws IllegalArgumentException if {@code text} is not one JSON object
     */
    public static Map<String, Object> parseObject(String text) {
        try {
            return JSON.std.mapFrom(text);
        } catch (IOException e) {
            // Jackson's message goes on with the source location on further lines: the first one says what is wrong.
            String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new IllegalArgumentException("bad JSON: " + why, e);
        }
    }

    private static Map<String, Object> result(BenchReport report, BenchResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("impl", r.benchCase().implementation());
        m.put("shape", r.benchCase().shape() == null ? null : r.benchCase().shape().label());
        m.put("baseline", report.baselines().contains(r.benchCase().implementation()));
        putKey(m, r.benchCase().key());
        m.put("operations", r.operations());
        m.put("elapsed_ns", r.elapsedNanos());
        m.put("ops_per_sec", finite(r.opsPerSecond()));
        m.put("mib_per_sec", finite(r.mibPerSecond()));
        m.put("p50_us", finite(r.latencyMicros(50)));
        m.put("p99_us", finite(r.latencyMicros(99)));
        m.put("p999_us", finite(r.latencyMicros(99.9)));
        m.put("cpu_us_per_op", finite(r.cpuMicrosPerOp()));
        m.put("peak_threads", r.peakThreads());
        Map<String, Object> ratios = new LinkedHashMap<>();
        report.ratios(r).forEach((name, value) -> ratios.put(name, finite(value)));
        m.put("ratios", ratios);
        return m;
    }

    private static Map<String, Object> fio(FioResult f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("engine", f.engine());
        putKey(m, f.key());
        m.put("iops", finite(f.iops()));
        m.put("command", f.commandLine());
        m.put("error", f.error());
        return m;
    }

    private static void putKey(Map<String, Object> m, BenchCase.Key key) {
        m.put("rw", key.workload().label());
        m.put("bs", key.blockSize());
        m.put("iodepth", key.iodepth());
    }

    /** {@code value}, or null where JSON has no number for it (NaN, infinities). */
    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
