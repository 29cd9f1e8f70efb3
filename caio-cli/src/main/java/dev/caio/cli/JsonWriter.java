package dev.caio.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --json}: a {@link BenchReport} as one JSON object: {@code machine} (JVM, OS, cores), {@code results} (one
 * object per case with {@code impl}, {@code shape} (null for a baseline), {@code baseline}, {@code rw}, {@code bs},
 * {@code iodepth}, {@code ops_per_sec}, {@code mib_per_sec}, {@code p50_us}, {@code p99_us}, {@code p999_us},
 * {@code cpu_us_per_op}, {@code peak_threads} and {@code ratios}),
 * {@code fio} (one object per job with {@code engine}, {@code iops}, {@code command}, {@code error}) and
 * {@code notes}.
 */
public final class JsonWriter {
    private JsonWriter() {
    }

    /** The JSON text of {@code report}, ending with a newline. */
    public static String render(BenchReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("machine", Map.of("java", Runtime.version().toString(),
                "os", System.getProperty("os.name") + " " + System.getProperty("os.version"),
                "arch", System.getProperty("os.arch"), "cores", Runtime.getRuntime().availableProcessors()));
        root.put("results", report.results().stream().map(r -> result(report, r)).toList());
        root.put("fio", report.fio().stream().map(JsonWriter::fio).toList());
        root.put("notes", report.notes());
        return Json.write(root) + "\n";
    }

    private static Map<String, Object> result(BenchReport report, BenchResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("impl", r.benchCase().implementation());
        m.put("shape", r.benchCase().shape() == null ? null : r.benchCase().shape().label());
        m.put("baseline", report.baselines().contains(r.benchCase().implementation()));
        putKey(m, r.benchCase().key());
        m.put("operations", r.operations());
        m.put("elapsed_ns", r.elapsedNanos());
        m.put("ops_per_sec", r.opsPerSecond());
        m.put("mib_per_sec", r.mibPerSecond());
        m.put("p50_us", r.latencyMicros(50));
        m.put("p99_us", r.latencyMicros(99));
        m.put("p999_us", r.latencyMicros(99.9));
        m.put("cpu_us_per_op", r.cpuMicrosPerOp());
        m.put("peak_threads", r.peakThreads());
        m.put("ratios", report.ratios(r));
        return m;
    }

    private static Map<String, Object> fio(FioResult f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("engine", f.engine());
        putKey(m, f.key());
        m.put("iops", f.iops());
        m.put("command", f.commandLine());
        m.put("error", f.error());
        return m;
    }

    private static void putKey(Map<String, Object> m, BenchCase.Key key) {
        m.put("rw", key.workload().label());
        m.put("bs", key.blockSize());
        m.put("iodepth", key.iodepth());
    }
}
