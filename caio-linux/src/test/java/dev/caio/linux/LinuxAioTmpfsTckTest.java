package dev.caio.linux;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;

/** The same TCK with every file on tmpfs ({@code /dev/shm}), whose AIO path differs from a disk filesystem's. */
class LinuxAioTmpfsTckTest extends LinuxAioTckTest {
    private static final Path SHM = Path.of("/dev/shm");

    @BeforeAll
    static void tmpfsPresent() {
        assumeTrue(Files.isDirectory(SHM) && Files.isWritable(SHM), "no writable /dev/shm");
    }

    @Override
    public Path fileSystemRoot() {
        return SHM;
    }
}
