package dev.caio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class BenchOptionsTest {

    private static BenchOptions parse(String... args) {
        BenchCommand command = new BenchCommand();
        new CommandLine(command).parseArgs(args);
        return command.options;
    }

    @Test
    void defaults() {
        BenchOptions o = parse();
        assertEquals(List.of(Workload.RANDREAD, Workload.RANDWRITE), o.workloads);
        assertEquals(List.of(4096L), o.blockSizes);
        assertEquals(List.of(32), o.iodepths);
        assertEquals(64L << 20, o.size);
        assertEquals(List.of("all"), o.implementations);
        assertEquals(List.of(), o.baselines);
        assertFalse(o.direct || o.fio || o.json);
        assertNull(o.chart);
        assertNull(o.file);
    }

    @Test
    void fioLikeLists() {
        BenchOptions o = parse("--rw", "randread,randwrite,read,write,randrw", "--bs", "4k,64k,1m",
                "--iodepth", "1,32,128", "--direct", "--size", "1g", "--runtime", "0.5", "--impl", "uring,java",
                "--baselines", "--fio", "--json", "--chart", "out.png", "--file", "/data/f");
        assertEquals(List.of(Workload.values()), o.workloads);
        assertEquals(List.of(4096L, 65536L, 1L << 20), o.blockSizes);
        assertEquals(List.of(1, 32, 128), o.iodepths);
        assertTrue(o.direct && o.fio && o.json);
        assertEquals(1L << 30, o.size);
        assertEquals(500_000_000L, o.measureNanos());
        assertEquals(100_000_000L, o.warmupNanos());
        assertEquals(List.of("uring", "java"), o.implementations);
        assertEquals(List.of("all"), o.baselines);
        assertEquals(Path.of("out.png"), o.chart);
        assertEquals(Path.of("/data/f"), o.file);
        o.validate();
    }

    @Test
    void namedBaselines() {
        assertEquals(List.of("afc", "fc-vthreads"), parse("--baselines=afc,fc-vthreads").baselines);
        assertEquals(List.of("fc"), parse("--baselines", "fc").baselines);
    }

    @Test
    void planIsTheProductWithEveryTargetPerCase() {
        BenchPlan plan = BenchPlan.of(List.of(new CaioTarget("java"), ChannelTarget.platformThread()),
                List.of(Shape.ASYNC), List.of(Workload.READ, Workload.READ, Workload.WRITE), List.of(4096L, 65536L),
                List.of(1, 32));
        assertEquals(8, plan.keys().size());
        assertEquals(16, plan.size());
        assertEquals(new BenchCase.Key(Workload.READ, 4096, 1), plan.keys().get(0));
        assertEquals(new BenchCase.Key(Workload.WRITE, 65536, 32), plan.keys().get(7));
    }

    @Test
    void planRunsEachImplementationInEachShapeAndEachBaselineOnce() {
        BenchPlan plan = BenchPlan.of(List.of(new CaioTarget("java"), ChannelTarget.platformThreads()),
                List.of(Shape.THREADS, Shape.BATCH, Shape.THREADS), List.of(Workload.RANDREAD), List.of(4096L),
                List.of(8));
        List<String> names = plan.runsOf(plan.keys().get(0)).stream().map(r -> r.benchCase().name()).toList();
        assertEquals(List.of("java/threads", "java/batch", "fc-threads"), names);
        assertEquals(3, plan.size());
        assertEquals(List.of(Shape.THREADS, Shape.VTHREADS), parse("--shape=threads,VThreads").shapes);
        assertEquals(List.of(Shape.ASYNC), parse().shapes);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--rw randjump | unknown workload 'randjump'",
        "--bs 4k,1000 --direct | --direct needs --bs a multiple of 4k",
        "--size 4k --bs 8k | must be at least --bs",
        "--iodepth 0 | --iodepth must be at least 1",
        "--runtime 0 | --runtime must be a positive",
        "--chart out.gif | --chart must name a .svg or .png file",
        "--baselines nope | unknown baseline 'nope'",
        "--shape nope | unknown shape 'nope'",
    })
    void rejects(String args, String message) {
        String[] argv = ("bench " + args).split(" ");
        CliRunner r = CliRunner.run(argv);
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains(message), r.err());
        assertUsageError(r);
    }

    /** The reason on one line and a hint to the help, instead of the whole usage. */
    private static void assertUsageError(CliRunner r) {
        List<String> lines = r.err().lines().toList();
        assertEquals(2, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("caio bench: "), r.err());
        assertEquals("Try 'caio bench --help' for more information.", lines.get(1));
        assertEquals("", r.out());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "--iodepth=abc | caio bench: Invalid value for option '--iodepth' (N): 'abc' is not an int",
        "--rw=foo | caio bench: Invalid value for option '--rw' (WORKLOAD): unknown workload 'foo'; expected one of "
            + "randread, randwrite, read, write, randrw",
        "--size=-1 | caio bench: Invalid value for option '--size': not a size: '-1' (expected e.g. 4096, 4k, 64m, 1g)",
        "--nosuch | caio bench: Unknown option: '--nosuch'",
    })
    void badValuesAndUnknownOptionsAreOneLineAndAHint(String arg, String line) {
        CliRunner r = CliRunner.run("bench", arg);
        assertEquals(2, r.exitCode(), r.err());
        assertEquals(line, r.err().lines().findFirst().orElse(""));
        assertUsageError(r);
    }

    @Test
    void aMisspeltOptionGetsSuggestions() {
        CliRunner r = CliRunner.run("bench", "--iodept=4");
        assertEquals(2, r.exitCode(), r.err());
        List<String> lines = r.err().lines().toList();
        assertTrue(lines.get(0).startsWith("caio bench: Unknown option: '--iodept=4'"), r.err());
        assertTrue(lines.stream().anyMatch(l -> l.contains("--iodepth")), r.err());
        assertEquals("Try 'caio bench --help' for more information.", lines.get(lines.size() - 1));
        assertTrue(lines.size() <= 3, r.err());
    }
}
