package dev.caio.cli;

import dev.caio.AsyncFileContext;
import dev.caio.ImplementationInfo;
import dev.caio.OpenFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code caio bench}: random reads and writes at a fixed queue depth on every selected implementation, reported as
 * operations per second, throughput and latency percentiles. Exits with 1 if a case failed.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark random reads and writes on each implementation.")
public final class BenchCommand implements Callable<Integer> {
    private static final double WARMUP_FRACTION = 0.2;

    @Spec
    CommandSpec spec;

    @Option(names = "--file", paramLabel = "PATH",
            description = "File to run on; filled with random data up to --size when shorter, and kept. "
                    + "Default: a temporary file in java.io.tmpdir, deleted at the end.")
    Path file;

    @Option(names = "--size", defaultValue = "64m", converter = SizeParser.class, paramLabel = "SIZE",
            description = "Bytes of the file to use (suffixes k, m, g). Default: ${DEFAULT-VALUE}.")
    long size;

    @Option(names = "--bs", defaultValue = "4k", converter = SizeParser.class, paramLabel = "SIZE",
            description = "Bytes per operation (suffixes k, m, g). Default: ${DEFAULT-VALUE}.")
    long blockSize;

    @Option(names = "--iodepth", defaultValue = "32", paramLabel = "N",
            description = "Operations kept in flight. Default: ${DEFAULT-VALUE}.")
    int iodepth;

    @Option(names = "--runtime", defaultValue = "2", paramLabel = "SECONDS",
            description = "Measured seconds per case, after a warm-up of a fifth of that. Default: ${DEFAULT-VALUE}.")
    double runtime;

    @Option(names = "--impl", defaultValue = "all", split = ",", paramLabel = "NAME",
            description = "Implementations to run, comma-separated, or \"all\" for every available one. "
                    + "Default: ${DEFAULT-VALUE}.")
    List<String> implementations;

    @Option(names = "--rw", defaultValue = "randread,randwrite", split = ",", converter = Workload.Converter.class,
            paramLabel = "WORKLOAD", description = "Workloads: randread, randwrite. Default: ${DEFAULT-VALUE}.")
    List<Workload> workloads;

    /** Creates the command; picocli fills in its fields. */
    public BenchCommand() {
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        validate();
        List<String> names = selectedImplementations();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean interactive = ProgressBar.isTerminal();
        long measureNanos = (long) (runtime * 1e9);
        List<BenchResult> results = new ArrayList<>();
        int failures = 0;
        try (BenchFile bench = BenchFile.prepare(file, size, err, interactive);
             OpenFile open = OpenFile.open(bench.path(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            BenchRunner runner = new BenchRunner(open.fd(), size, (long) (measureNanos * WARMUP_FRACTION),
                    measureNanos);
            for (String name : names) {
                for (Workload workload : new LinkedHashSet<>(workloads)) {
                    BenchCase c = new BenchCase(name, workload, (int) blockSize, iodepth);
                    ProgressBar progress = new ProgressBar(err, interactive, c.label());
                    try (AsyncFileContext ctx = AsyncFileContext.create(name, iodepth)) {
                        BenchResult r = runner.run(ctx, c, progress);
                        results.add(r);
                        progress.finish(String.format(Locale.ROOT, "%.0f ops/s", r.opsPerSecond()));
                    } catch (IOException | RuntimeException e) {
                        failures++;
                        progress.finish("failed");
                        err.println("error: " + c.label() + ": " + e.getMessage());
                        err.flush();
                    }
                }
            }
        }
        out.print(ResultTable.render(results));
        out.flush();
        return failures == 0 ? 0 : 1;
    }

    private void validate() {
        if (blockSize < 1 || blockSize > Integer.MAX_VALUE) {
            throw usage("--bs must be between 1 and " + Integer.MAX_VALUE + " bytes");
        }
        if (size < blockSize) {
            throw usage("--size (" + size + ") must be at least --bs (" + blockSize + ")");
        }
        if (iodepth < 1) {
            throw usage("--iodepth must be at least 1");
        }
        if (!(runtime > 0) || Double.isInfinite(runtime)) {
            throw usage("--runtime must be a positive number of seconds");
        }
    }

    /** The implementations to run: all available ones, or the named ones, each checked to exist and be available. */
    private List<String> selectedImplementations() {
        Map<String, ImplementationInfo> known = new LinkedHashMap<>();
        AsyncFileContext.implementations().forEach(i -> known.putIfAbsent(i.name(), i));
        if (implementations.size() == 1 && implementations.get(0).equals("all")) {
            List<String> available = known.values().stream().filter(ImplementationInfo::available)
                    .map(ImplementationInfo::name).collect(Collectors.toList());
            if (available.isEmpty()) {
                throw usage("no implementation is available; run 'caio info' for the reasons");
            }
            return available;
        }
        List<String> names = new ArrayList<>();
        for (String name : new LinkedHashSet<>(implementations)) {
            ImplementationInfo info = known.get(name.strip());
            if (info == null) {
                throw usage("unknown implementation '" + name + "'; known: " + String.join(", ", known.keySet()));
            }
            if (!info.available()) {
                throw usage("implementation '" + name + "' is unavailable: " + info.reason());
            }
            names.add(info.name());
        }
        return names;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
