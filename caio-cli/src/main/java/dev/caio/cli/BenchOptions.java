package dev.caio.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/** The options of {@code caio bench}, named and defaulted as fio's where fio has them. */
public final class BenchOptions {

    @Option(names = "--file", paramLabel = "PATH",
            description = "File to run on; filled with random data up to --size when shorter, and kept. "
                    + "Default: a temporary file in java.io.tmpdir, deleted at the end.")
    Path file;

    @Option(names = "--size", defaultValue = "64m", converter = SizeParser.class, paramLabel = "SIZE",
            description = "Bytes of the file to use (suffixes k, m, g). Default: ${DEFAULT-VALUE}.")
    long size;

    @Option(names = "--bs", defaultValue = "4k", split = ",", converter = SizeParser.class, paramLabel = "SIZE",
            description = "Bytes per operation, comma-separated for several (suffixes k, m, g). "
                    + "Default: ${DEFAULT-VALUE}.")
    List<Long> blockSizes;

    @Option(names = "--iodepth", defaultValue = "32", split = ",", paramLabel = "N",
            description = "Operations kept in flight, comma-separated for several. Default: ${DEFAULT-VALUE}.")
    List<Integer> iodepths;

    @Option(names = "--runtime", defaultValue = "2", paramLabel = "SECONDS",
            description = "Measured seconds per case, after a warm-up of a fifth of that. Default: ${DEFAULT-VALUE}.")
    double runtime;

    @Option(names = "--impl", defaultValue = "all", split = ",", paramLabel = "NAME",
            description = "Implementations to run, comma-separated, \"all\" for every available one, or \"none\". "
                    + "Default: ${DEFAULT-VALUE}.")
    List<String> implementations;

    @Option(names = "--shape", defaultValue = "async", split = ",", converter = Shape.Converter.class,
            paramLabel = "SHAPE", description = "How the implementations are driven, comma-separated: async (one "
                    + "thread keeps iodepth single calls in flight), threads (iodepth platform threads share a "
                    + "context, each joining one call at a time), vthreads (the same on virtual threads, JDK 21+), "
                    + "batch (rounds of iodepth operations through the batch API); and the JDK drop-in channels "
                    + "(caio-nio) in the shapes of the baselines of the same names: fc, fc-threads, fc-vthreads "
                    + "(CaioFileChannel on one, iodepth platform or iodepth virtual threads), afc, afc-chained "
                    + "(CaioAsynchronousFileChannel, its handlers completing futures or starting the next "
                    + "operation). Default: ${DEFAULT-VALUE}.")
    List<Shape> shapes;

    @Option(names = "--rw", defaultValue = "randread,randwrite", split = ",", converter = Workload.Converter.class,
            paramLabel = "WORKLOAD", description = "Workloads, comma-separated: randread, randwrite, read, write, "
                    + "randrw. Default: ${DEFAULT-VALUE}.")
    List<Workload> workloads;

    @Option(names = "--direct", description = "Bypass the page cache (O_DIRECT): caio implementations through "
            + "DirectFile, baselines through ExtendedOpenOption.DIRECT; aligned direct buffers; --bs must be a "
            + "multiple of 4k.")
    boolean direct;

    @Option(names = "--baselines", arity = "0..1", fallbackValue = "all", split = ",", paramLabel = "NAME",
            description = "Also run JDK baselines: afc (AsynchronousFileChannel), afc-chained (the same, each "
                    + "handler starting the next operation), fc (FileChannel on one platform "
                    + "thread), fc-threads (FileChannel on iodepth platform threads), fc-vthreads (FileChannel on "
                    + "iodepth virtual threads, JDK 21+); all when no name is given.")
    List<String> baselines = List.of();

    @Option(names = "--fio", description = "Also run fio (libaio, io_uring, psync) on the same file and cases, "
            + "when fio is on the PATH, and show each result's ratio to the best engine.")
    boolean fio;

    @Option(names = "--json", description = "Print the results as JSON on standard output instead of tables.")
    boolean json;

    @Option(names = "--chart", paramLabel = "FILE", description = "Draw ops/s against queue depth into FILE "
            + "(.svg or .png).")
    Path chart;

    /** Creates the options; picocli fills them in. */
    public BenchOptions() {
    }

    /** Warm-up before each case, in nanoseconds: a fifth of the runtime. */
    long warmupNanos() {
        return (long) (runtime * 0.2e9);
    }

    /** Measured time per case, in nanoseconds. */
    long measureNanos() {
        return (long) (runtime * 1e9);
    }

    /**
     * Checks the values against each other.
     *
     * @throws IllegalArgumentException with the message for the user
     */
    void validate() {
        for (long bs : blockSizes) {
            check(bs >= 1 && bs <= Integer.MAX_VALUE, "--bs must be between 1 and " + Integer.MAX_VALUE + " bytes");
            check(size >= bs, "--size (" + size + ") must be at least --bs (" + bs + ")");
            check(!direct || bs % BenchEnv.DIRECT_ALIGNMENT == 0, "--direct needs --bs a multiple of 4k, not " + bs);
        }
        check(!direct || size % BenchEnv.DIRECT_ALIGNMENT == 0, "--direct needs --size a multiple of 4k");
        check(iodepths.stream().allMatch(d -> d >= 1), "--iodepth must be at least 1");
        check(runtime > 0 && !Double.isInfinite(runtime), "--runtime must be a positive number of seconds");
        check(chart == null || ChartWriter.supports(chart), "--chart must name a .svg or .png file");
        String virtual = shapes.stream().filter(Shape::virtual).map(Shape::label).collect(Collectors.joining(","));
        check(virtual.isEmpty() || VirtualThreads.supported(),
                "--shape=" + virtual + " needs JDK 21+, this is " + Runtime.version());
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
