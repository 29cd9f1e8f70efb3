package dev.caio.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's runnable example ({@code examples/BlockService.java}) runs as the README says, through the source
 * launcher against caio's classes, and serves reads: it needs JDK 21+ (virtual threads), so it runs in the JDK 25
 * pass of the build.
 */
class ExamplesTest {
    @TempDir
    Path dir;

    @Test
    void blockServiceServesReadsFromVirtualThreads() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "the example uses virtual threads (JDK 21+)");
        Path source = Path.of("..", "examples", "BlockService.java").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(source), source + " is missing");
        List<String> cmd = ChildJvm.command(dir);
        cmd.addAll(List.of(source.toString(), dir.resolve("blocks.dat").toString(), "0.5"));
        String out = ChildJvm.run(cmd, dir, Map.of());
        assertTrue(out.matches("(?s).*[1-9][0-9,]* reads/s from 256 virtual threads, at most \\d+ platform threads.*"),
                out);
    }
}
