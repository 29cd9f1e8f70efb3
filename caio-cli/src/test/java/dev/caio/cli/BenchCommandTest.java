package dev.caio.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {

    @TempDir
    Path dir;

    @Test
    void benchesJavaOnBothWorkloads() throws IOException {
        Path file = dir.resolve("bench.dat");
        CliRunner r = CliRunner.run("bench", "--impl", "java", "--size", "4m", "--runtime", "0.2",
                "--iodepth", "4", "--file", file.toString());
        assertEquals(0, r.exitCode(), r.err());

        List<String[]> rows = r.out().lines().skip(1).map(l -> l.trim().split("\\s+")).collect(Collectors.toList());
        assertEquals(2, rows.size(), r.out());
        assertArrayEquals(new String[] {"java", "randread"}, List.of(rows.get(0)).subList(0, 2).toArray(), r.out());
        assertArrayEquals(new String[] {"java", "randwrite"}, List.of(rows.get(1)).subList(0, 2).toArray(), r.out());
        for (String[] row : rows) {
            assertEquals("4k", row[2], r.out());
            assertEquals("4", row[3], r.out());
            assertTrue(Double.parseDouble(row[4]) > 0, "ops/s must be positive:\n" + r.out());
            assertTrue(Double.parseDouble(row[6]) > 0, "p50 must be positive:\n" + r.out());
        }
        // A file given with --file is kept, filled to the requested size.
        assertEquals(4L << 20, Files.size(file));
        // Not a terminal: one progress line per case instead of \r redraws.
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("java randread: ")), r.err());
        assertTrue(!r.err().contains("\r"), r.err());
    }

    @Test
    void rejectsUnknownImplementation() {
        CliRunner r = CliRunner.run("bench", "--impl", "nosuch", "--size", "4k", "--runtime", "0.1");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("unknown implementation 'nosuch'"), r.err());
    }

    @Test
    void rejectsBadSize() {
        CliRunner r = CliRunner.run("bench", "--size", "12q");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("not a size"), r.err());
    }
}
