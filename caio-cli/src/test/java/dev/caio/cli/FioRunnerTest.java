package dev.caio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FioRunnerTest {

    @TempDir
    Path dir;

    @Test
    void parsesIopsAfterNotes() {
        String out = "note: both iodepth >= 1 and synchronous I/O engine are selected\n"
                + "{\"fio version\" : \"fio-3.33\", \"jobs\" : [{\"jobname\" : \"caio-bench\", "
                + "\"read\" : {\"iops\" : 1000.5, \"bw\" : 4002}, \"write\" : {\"iops\" : 20.0}}]}";
        assertEquals(1020.5, FioRunner.parseIops(out), 1e-9);
    }

    @Test
    void commandLines() {
        FioRunner fio = new FioRunner(Path.of("/usr/bin/fio"), 4);
        BenchEnv env = new BenchEnv(Path.of("/data/f"), 64L << 20, true, 200_000_000L, 1_000_000_000L);
        BenchCase.Key key = new BenchCase.Key(Workload.RANDREAD, 4096, 32);
        assertEquals("fio --name=caio-bench --filename=/data/f --rw=randread --bs=4k --size=64m --direct=1 "
                + "--ioengine=io_uring --iodepth=32 --runtime=1 --ramp_time=200ms --time_based --invalidate=0 "
                + "--norandommap --output-format=json", String.join(" ", fio.command(key, "io_uring", env)));
        assertTrue(String.join(" ", fio.command(key, "psync", env)).contains("--numjobs=4 --group_reporting"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void runsFioOnTheSameFile() {
        Optional<Path> fio = FioRunner.find();
        Assumptions.assumeTrue(fio.isPresent(), "fio is not installed");
        CliRunner r = CliRunner.run("bench", "--impl", "java", "--rw", "randread", "--iodepth", "4",
                "--size", "4m", "--runtime", "1", "--fio", "--json", "--file", dir.resolve("f.dat").toString());
        assertEquals(0, r.exitCode(), r.err());
        Map<String, Object> root = JsonReport.parseObject(r.out());
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) root.get("fio");
        assertEquals(FioRunner.ENGINES.size(), jobs.size(), r.out());
        // Engines the kernel or sandbox refuses (io_uring, say) report an error; at least one must run.
        assertTrue(jobs.stream().anyMatch(j -> j.get("error") == null && ((Number) j.get("iops")).doubleValue() > 0), r.out());
        assertTrue(jobs.stream().allMatch(j -> ((String) j.get("command")).startsWith("fio --name=caio-bench")));
        Map<String, Object> java = ((List<Map<String, Object>>) root.get("results")).get(0);
        assertTrue(((Map<String, Object>) java.get("ratios")).get("fio") instanceof Double, r.out());
    }
}
