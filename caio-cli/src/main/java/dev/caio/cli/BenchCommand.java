package dev.caio.cli;

import dev.caio.AsyncFileContext;
import dev.caio.ImplementationInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code caio bench}: fio-like cases (workload, block size, queue depth) on every selected implementation and JDK
 * baseline, optionally fio itself on the same file, reported as tables or JSON and optionally a chart. Exits with 1
 * if a case failed, or with a {@link FileError} if the file or the chart cannot be used.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Benchmark the implementations, optionally against JDK baselines and fio.")
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BenchOptions options;

    /** Creates the command; picocli fills in its fields. */
    public BenchCommand() {
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        List<String> notes = new ArrayList<>();
        List<BenchTarget> targets = new ArrayList<>();
        try {
            options.validate();
            selectedImplementations().forEach(name -> targets.add(new CaioTarget(name)));
            targets.addAll(Baselines.select(options.baselines, notes));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (options.chart != null) {
            // found out now rather than after the whole run
            ChartWriter.checkTarget(options.chart);
        }
        Optional<FioRunner> fio = fioRunner(notes);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean interactive = ProgressBar.isTerminal();
        BenchPlan plan = BenchPlan.of(targets, options.shapes, options.workloads, options.blockSizes,
                options.iodepths);
        List<BenchResult> results = new ArrayList<>();
        List<FioResult> fioResults = new ArrayList<>();
        int failures = 0;
        try (BenchFile file = BenchFile.prepare(options.file, options.size, !options.direct, err,
                interactive)) {
            BenchEnv env = new BenchEnv(file.path(), options.size, options.direct, options.warmupNanos(),
                    options.measureNanos());
            int done = 0;
            for (BenchCase.Key key : plan.keys()) {
                for (BenchPlan.Run run : plan.runsOf(key)) {
                    BenchCase c = run.benchCase();
                    String label = String.format(Locale.ROOT, "[%d/%d] %s", ++done, plan.size(), c.label());
                    ProgressBar progress = new ProgressBar(err, interactive, label);
                    try {
                        BenchResult r = run.target().run(c, env, progress);
                        results.add(r);
                        progress.finish(String.format(Locale.ROOT, "%.0f ops/s", r.opsPerSecond()));
                    } catch (IOException | RuntimeException e) {
                        failures++;
                        progress.finish("failed");
                        err.println("error: " + c.label() + ": " + e.getMessage());
                        err.flush();
                    }
                }
                if (fio.isPresent()) {
                    fioResults.addAll(runFio(fio.get(), key, env, err, interactive));
                }
            }
        }
        List<String> baselineNames = targets.stream().filter(BenchTarget::baseline).map(BenchTarget::name).toList();
        BenchReport report = new BenchReport(results, baselineNames, fioResults, notes);
        out.print(options.json ? JsonReport.render(report) : ResultTable.render(report));
        out.flush();
        if (options.chart != null) {
            ChartWriter.write(report, options.chart);
            err.println("chart: " + options.chart);
            err.flush();
        }
        return failures == 0 ? 0 : 1;
    }

    private Optional<FioRunner> fioRunner(List<String> notes) {
        if (!options.fio) {
            return Optional.empty();
        }
        Optional<Path> fio = FioRunner.find();
        if (fio.isEmpty()) {
            notes.add("--fio: fio is not on the PATH, skipped");
        }
        return fio.map(path -> new FioRunner(path, Runtime.getRuntime().availableProcessors()));
    }

    private static List<FioResult> runFio(FioRunner fio, BenchCase.Key key, BenchEnv env, PrintWriter err,
                                          boolean interactive) throws InterruptedException {
        List<FioResult> results = new ArrayList<>();
        for (String engine : FioRunner.ENGINES) {
            ProgressBar progress = new ProgressBar(err, interactive, "fio " + engine + " " + key.label());
            progress.update(0);
            FioResult r = fio.run(key, engine, env);
            results.add(r);
            progress.finish(r.ok() ? String.format(Locale.ROOT, "%.0f IOPS", r.iops()) : "failed: " + r.error());
        }
        return results;
    }

    /**
     * The implementations to run: all available ones, none, or the named ones, each checked to exist and be
     * available.
     */
    private List<String> selectedImplementations() {
        Map<String, ImplementationInfo> known = new LinkedHashMap<>();
        AsyncFileContext.implementations().forEach(i -> known.putIfAbsent(i.name(), i));
        List<String> wanted = options.implementations;
        if (wanted.size() == 1 && wanted.get(0).equals("none")) {
            return List.of();
        }
        if (wanted.size() == 1 && wanted.get(0).equals("all")) {
            List<String> available = known.values().stream().filter(ImplementationInfo::available)
                    .map(ImplementationInfo::name).toList();
            if (available.isEmpty()) {
                throw new IllegalArgumentException("no implementation is available; run 'caio info' for the reasons");
            }
            return available;
        }
        List<String> names = new ArrayList<>();
        for (String name : new LinkedHashSet<>(wanted)) {
            ImplementationInfo info = known.get(name.strip());
            if (info == null) {
                throw new IllegalArgumentException("unknown implementation '" + name + "'; known: "
                        + String.join(", ", known.keySet()));
            }
            if (!info.available()) {
                throw new IllegalArgumentException("implementation '" + name + "' is unavailable: " + info.reason());
            }
            names.add(info.name());
        }
        return names;
    }
}
