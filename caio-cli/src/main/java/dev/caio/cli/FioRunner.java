package dev.caio.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the fio job matching a case on the same file: {@code libaio} and {@code io_uring} at the case's queue depth,
 * {@code psync} with one job per core, all time-based with the same warm-up and runtime, page cache kept
 * ({@code --invalidate=0}), and reads fio's JSON report.
 */
public final class FioRunner {
    /** The engines compared against, in the order they run. */
    public static final List<String> ENGINES = List.of("libaio", "io_uring", "psync");

    private final Path fio;
    private final int cores;

    /** A runner for the fio executable {@code fio}; psync runs {@code cores} jobs. */
    public FioRunner(Path fio, int cores) {
        this.fio = fio;
        this.cores = cores;
    }

    /** The {@code fio} executable on {@code PATH}, if any. */
    public static Optional<Path> find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "fio");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The fio command line for {@code key} on {@code engine}. */
    public List<String> command(BenchCase.Key key, String engine, BenchEnv env) {
        List<String> cmd = new ArrayList<>(List.of(fio.getFileName().toString(), "--name=caio-bench",
                "--filename=" + env.path(), "--rw=" + key.workload().label(),
                "--bs=" + SizeParser.format(key.blockSize()), "--size=" + SizeParser.format(env.fileSize()),
                "--direct=" + (env.direct() ? 1 : 0), "--ioengine=" + engine));
        if (engine.equals("psync")) {
            cmd.addAll(List.of("--numjobs=" + cores, "--group_reporting"));
        } else {
            cmd.add("--iodepth=" + key.iodepth());
        }
        cmd.addAll(List.of("--runtime=" + duration(env.measureNanos()), "--ramp_time=" + duration(env.warmupNanos()),
                "--time_based", "--invalidate=0", "--norandommap", "--output-format=json"));
        return cmd;
    }

    /** Runs fio for {@code key} on {@code engine}; a failure is reported in the result, not thrown. */
    public FioResult run(BenchCase.Key key, String engine, BenchEnv env) throws InterruptedException {
        List<String> cmd = command(key, engine, env);
        List<String> exec = new ArrayList<>(cmd);
        exec.set(0, fio.toString());
        try {
            Path errors = Files.createTempFile("caio-fio-", ".err");
            try {
                Process process = new ProcessBuilder(exec).redirectError(errors.toFile()).start();
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                int code = process.waitFor();
                if (code != 0) {
                    String why = Files.readString(errors).strip().lines().findFirst().orElse("");
                    return new FioResult(key, engine, Double.NaN, cmd, "exit " + code + ": " + why);
                }
                return new FioResult(key, engine, parseIops(out), cmd, null);
            } finally {
                Files.deleteIfExists(errors);
            }
        } catch (IOException | IllegalArgumentException e) {
            return new FioResult(key, engine, Double.NaN, cmd, e.getMessage());
        }
    }

    /**
     * The read plus write IOPS of the first job in fio's JSON output; text before the JSON (fio's notes) is skipped.
     *
     * @throws IllegalArgumentException if the output holds no fio report
     */
    public static double parseIops(String output) {
        int start = output.indexOf('{');
        if (start < 0) {
            throw new IllegalArgumentException("no JSON in fio output: " + output.strip());
        }
        Map<String, Object> report = JsonReport.parseObject(output.substring(start));
        if (!(report.get("jobs") instanceof List<?> jobs) || jobs.isEmpty() || !(jobs.get(0) instanceof Map<?, ?> job)) {
            throw new IllegalArgumentException("fio output has no jobs");
        }
        return iops(job.get("read")) + iops(job.get("write"));
    }

    private static double iops(Object direction) {
        return direction instanceof Map<?, ?> d && d.get("iops") instanceof Number v ? v.doubleValue() : 0;
    }

    /** fio's time value: whole seconds, else milliseconds. */
    private static String duration(long nanos) {
        long millis = Math.max(1, nanos / 1_000_000);
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : String.format(Locale.ROOT, "%dms", millis);
    }
}
