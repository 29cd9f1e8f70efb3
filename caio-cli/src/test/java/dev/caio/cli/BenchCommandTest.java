package dev.caio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {

    @TempDir
    Path dir;

    /** The data rows of the table titled {@code title} in {@code out}, split on blanks. */
    static List<String[]> rows(String out, String title) {
        List<String> lines = out.lines().collect(Collectors.toList());
        int at = lines.indexOf(title);
        assertTrue(at >= 0, "no table '" + title + "' in:\n" + out);
        return lines.subList(at + 2, lines.size()).stream().takeWhile(l -> !l.isBlank())
                .map(l -> l.trim().split("\\s+")).collect(Collectors.toList());
    }

    @Test
    void benchesJavaOnBothWorkloads() throws IOException {
        Path file = dir.resolve("bench.dat");
        CliRunner r = CliRunner.run("bench", "--impl", "java", "--size", "4m", "--runtime", "0.2",
                "--iodepth", "4", "--file", file.toString());
        assertEquals(0, r.exitCode(), r.err());

        List<String[]> rows = rows(r.out(), "java");
        assertEquals(2, rows.size(), r.out());
        assertEquals("randread", rows.get(0)[0], r.out());
        assertEquals("randwrite", rows.get(1)[0], r.out());
        for (String[] row : rows) {
            assertEquals("4k", row[1], r.out());
            assertEquals("4", row[2], r.out());
            assertTrue(Double.parseDouble(row[3]) > 0, "ops/s must be positive:\n" + r.out());
            assertTrue(Double.parseDouble(row[5]) > 0, "p50 must be positive:\n" + r.out());
            assertTrue(Double.parseDouble(row[8]) > 0, "CPU per op must be positive:\n" + r.out());
        }
        // A file given with --file is kept, filled to the requested size.
        assertEquals(4L << 20, Files.size(file));
        // Not a terminal: one progress line per case instead of \r redraws.
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("[1/2] java randread 4k qd4: ")), r.err());
        assertTrue(!r.err().contains("\r"), r.err());
    }

    @Test
    void baselinesGetRowsAndRatioColumns() {
        CliRunner r = CliRunner.run("bench", "--impl", "java", "--baselines", "--rw", "randread,read",
                "--bs", "4k,8k", "--iodepth", "1,4", "--size", "1m", "--runtime", "0.05");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(8, rows(r.out(), "java").size(), r.out());
        assertEquals(8, rows(r.out(), "afc").size(), r.out());
        assertEquals(8, rows(r.out(), "fc").size(), r.out());
        String header = r.out().lines().skip(1).findFirst().orElseThrow();
        assertTrue(header.contains("x afc") && header.contains("x fc"), header);
        if (Runtime.version().feature() >= 21) {
            assertEquals(8, rows(r.out(), "fc-vthreads").size(), r.out());
        } else {
            assertTrue(r.out().contains("note: fc-vthreads skipped"), r.out());
        }
        // java's ratio to afc is a number (after CPU and THREADS).
        Double.parseDouble(rows(r.out(), "java").get(0)[10]);
    }

    @Test
    void shapesGetTablesOfTheirOwnAndRatiosToTheBaselines() {
        boolean vthreads = Runtime.version().feature() >= 21;
        CliRunner r = CliRunner.run("bench", "--impl", "java", "--shape",
                vthreads ? "async,threads,vthreads,batch" : "async,threads,batch", "--baselines", "fc,fc-threads",
                "--rw", "randread,randwrite", "--iodepth", "3", "--size", "1m", "--runtime", "0.1");
        assertEquals(0, r.exitCode(), r.err());
        List<String> tables = vthreads ? List.of("java", "java/threads", "java/vthreads", "java/batch")
                : List.of("java", "java/threads", "java/batch");
        for (String table : tables) {
            List<String[]> rows = rows(r.out(), table);
            assertEquals(2, rows.size(), r.out());
            for (String[] row : rows) {
                assertEquals("3", row[2], r.out());
                assertTrue(Double.parseDouble(row[3]) > 0, "ops/s must be positive:\n" + r.out());
                assertTrue(Double.parseDouble(row[8]) > 0, "CPU per op must be positive:\n" + r.out());
                assertTrue(Integer.parseInt(row[9]) > 0, "peak platform threads must be counted:\n" + r.out());
                assertTrue(Double.parseDouble(row[10]) > 0 && Double.parseDouble(row[11]) > 0,
                        "ratios to fc and fc-threads:\n" + r.out());
            }
        }
        assertEquals(2, rows(r.out(), "fc-threads").size(), r.out());
        assertTrue(r.err().lines().anyMatch(l -> l.contains("java/batch randread 4k qd3: ")), r.err());
    }

    @Test
    void channelShapesDriveTheDropInsAsTheBaselinesOfTheSameNames() {
        CliRunner r = CliRunner.run("bench", "--impl", "java", "--shape", "fc,fc-threads,afc,afc-chained",
                "--baselines", "fc,fc-threads,afc,afc-chained", "--rw", "randread,randwrite", "--iodepth", "3",
                "--size", "1m", "--runtime", "0.1");
        assertEquals(0, r.exitCode(), r.err());
        for (String shape : List.of("fc", "fc-threads", "afc", "afc-chained")) {
            List<String[]> rows = rows(r.out(), "java/" + shape);
            assertEquals(2, rows.size(), r.out());
            for (String[] row : rows) {
                assertTrue(Double.parseDouble(row[3]) > 0, "ops/s must be positive:\n" + r.out());
            }
            assertEquals(2, rows(r.out(), shape).size(), r.out());
        }
    }

    @Test
    void virtualThreadShapeNeedsJdk21() {
        assumeTrue(Runtime.version().feature() < 21, "this JDK has virtual threads");
        CliRunner r = CliRunner.run("bench", "--impl", "java", "--shape", "vthreads", "--runtime", "0.05");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("--shape=vthreads needs JDK 21+"), r.err());
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonHasEveryField() {
        CliRunner r = CliRunner.run("bench", "--impl", "java", "--baselines", "fc", "--rw", "randrw",
                "--iodepth", "2", "--size", "1m", "--runtime", "0.1", "--json");
        assertEquals(0, r.exitCode(), r.err());
        Map<String, Object> root = JsonReport.parseObject(r.out());
        assertEquals(List.of("caio_version", "machine", "results", "fio", "notes"), List.copyOf(root.keySet()),
                r.out());
        // the build's version, from the filtered resource
        assertEquals(VersionProvider.caioVersion(), root.get("caio_version"));
        assertTrue(((String) root.get("caio_version")).matches("\\d+\\.\\d+\\.\\d+.*"), r.out());
        assertEquals(Set.of("java", "os", "arch", "cores"), ((Map<String, Object>) root.get("machine")).keySet());
        List<Map<String, Object>> results = (List<Map<String, Object>>) root.get("results");
        assertEquals(2, results.size(), r.out());
        Map<String, Object> java = results.get(0);
        assertEquals("async", java.get("shape"));
        assertEquals(List.of("impl", "shape", "baseline", "rw", "bs", "iodepth", "operations", "elapsed_ns",
                "ops_per_sec", "mib_per_sec", "p50_us", "p99_us", "p999_us", "cpu_us_per_op", "peak_threads",
                "ratios"), List.copyOf(java.keySet()), r.out());
        assertEquals("java", java.get("impl"));
        assertEquals(false, java.get("baseline"));
        assertEquals("randrw", java.get("rw"));
        assertEquals(4096, ((Number) java.get("bs")).intValue());
        assertTrue(((Number) java.get("ops_per_sec")).doubleValue() > 0, r.out());
        assertTrue(((Map<String, Object>) java.get("ratios")).get("fc") instanceof Double, r.out());
        assertEquals(true, results.get(1).get("baseline"));
    }

    @Test
    void chartsAreWritten() throws IOException {
        Path svg = dir.resolve("chart.svg");
        Path png = dir.resolve("chart.png");
        for (Path chart : List.of(svg, png)) {
            CliRunner r = CliRunner.run("bench", "--impl", "java", "--baselines", "afc", "--rw", "randread",
                    "--iodepth", "1,2", "--size", "1m", "--runtime", "0.05", "--chart", chart.toString());
            assertEquals(0, r.exitCode(), r.err());
        }
        assertTrue(Files.readString(svg).contains("<svg"), "not an SVG");
        byte[] header = Files.readAllBytes(png);
        assertTrue(header.length > 8 && header[1] == 'P' && header[2] == 'N' && header[3] == 'G', "not a PNG");
    }

    @Test
    void runsDirect() throws IOException {
        DirectSupport.assumeDirectIo(dir);
        CliRunner r = CliRunner.run("bench", "--impl", "java", "--baselines", "afc,fc", "--direct",
                "--rw", "randread,randwrite", "--iodepth", "2", "--size", "1m", "--runtime", "0.05",
                "--file", dir.resolve("direct.dat").toString());
        assertEquals(0, r.exitCode(), r.err() + r.out());
        assertEquals(2, rows(r.out(), "afc").size(), r.out());
    }

    @Test
    void rejectsUnknownImplementation() {
        CliRunner r = CliRunner.run("bench", "--impl", "nosuch", "--size", "4k", "--runtime", "0.1");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("unknown implementation 'nosuch'"), r.err());
    }

    /** One line on stderr, {@code caio: FILE: REASON}, exit status 1, no stack trace, nothing on stdout. */
    private static void assertFileError(CliRunner r, String file, String reason) {
        assertEquals(1, r.exitCode(), r.err());
        assertEquals("", r.out());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("caio: " + file + ": "), r.err());
        if (reason != null) {
            assertEquals("caio: " + file + ": " + reason, lines.get(0));
        }
    }

    private static CliRunner benchOn(String file, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("bench", "--impl", "java", "--rw", "randread",
                "--iodepth", "1", "--size", "64k", "--runtime", "0.05", "--file", file));
        args.addAll(List.of(more));
        return CliRunner.run(args.toArray(String[]::new));
    }

    @Test
    void aMissingDirectoryIsOneLine() {
        String file = dir.resolve("no/such/dir/x.dat").toString();
        assertFileError(benchOn(file), file, "no such file or directory");
    }

    @Test
    void aDirectoryIsOneLine() {
        assertFileError(benchOn(dir.toString()), dir.toString(), "is a directory");
    }

    @Test
    void aFileThatCannotBeFilledIsOneLine() {
        // procfs: refused for writing, or (as root) opened but not writable at an offset
        assumeTrue(Files.isRegularFile(Path.of("/proc/version")), "no /proc/version");
        assertFileError(benchOn("/proc/version"), "/proc/version", null);
    }

    @Test
    void aChartThatCannotBeWrittenIsFoundBeforeTheRun() throws IOException {
        Path file = dir.resolve("bench.dat");
        String chart = dir.resolve("missing/chart.svg").toString();
        CliRunner r = benchOn(file.toString(), "--chart", chart);
        assertFileError(r, chart, "directory " + dir.resolve("missing") + " does not exist");
        assertTrue(Files.notExists(file), "the run should not have started");
        Path directory = Files.createDirectory(dir.resolve("d.svg"));
        assertFileError(benchOn(file.toString(), "--chart", directory.toString()), directory.toString(),
                "is a directory");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aBaselineAloneHasItsCpuTime() {
        // a short run: fewer clock ticks than the process CPU time of the management bean can tell apart
        CliRunner r = CliRunner.run("bench", "--impl", "none", "--baselines", "fc,afc", "--rw", "randread",
                "--iodepth", "1,2", "--size", "1m", "--runtime", "0.02", "--json");
        assertEquals(0, r.exitCode(), r.err());
        List<Map<String, Object>> results = (List<Map<String, Object>>) JsonReport.parseObject(r.out())
                .get("results");
        assertEquals(4, results.size(), r.out());
        for (Map<String, Object> result : results) {
            if (((Number) result.get("operations")).longValue() > 0) {
                assertTrue(((Number) result.get("cpu_us_per_op")).doubleValue() > 0, r.out());
            }
        }
        CliRunner table = CliRunner.run("bench", "--impl", "none", "--baselines", "fc", "--rw", "randread",
                "--iodepth", "1", "--size", "1m", "--runtime", "0.02");
        assertEquals(0, table.exitCode(), table.err());
        assertTrue(Double.parseDouble(rows(table.out(), "fc").get(0)[8]) > 0, table.out());
    }
}
