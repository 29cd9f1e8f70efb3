package dev.caio.cli;

import dev.caio.DirectFile;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Assumptions;

/** Skips a test where the file system of a directory does not support {@code O_DIRECT} (tmpfs, for one). */
final class DirectSupport {
    private DirectSupport() {
    }

    static void assumeDirectIo(Path dir) {
        try (DirectFile f = DirectFile.open(dir.resolve("probe"), StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.CREATE)) {
            Assumptions.assumeTrue(f.alignment() > 0);
        } catch (IOException | RuntimeException e) {
            Assumptions.abort("no O_DIRECT in " + dir + ": " + e);
        }
    }
}
