package dev.caio.uring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.caio.AsyncFileContext;
import dev.caio.tck.ProviderRegistration;
import dev.caio.tck.SelectionReport;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** io_uring-specific behaviour: default selection, fallback when refused (seam and real sysctl), SQPOLL. */
class IoUringBackendTest {
    private static final Path DISABLED = Path.of("/proc/sys/kernel/io_uring_disabled");

    @BeforeAll
    static void available() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "the uring backend needs Linux");
        assertTrue(IoUring.isAvailable(), () -> "uring backend unavailable: " + IoUring.unavailabilityCause());
    }

    @Test
    void defaultSelectionPicksUringAndTheRegistrationsAgree() {
        assertEquals("uring", AsyncFileContext.selection().implementation());
        ProviderRegistration.assertConsistent(IoUringProvider.class, "dev.caio.uring");
    }

    @Test
    void whenSeccompRefusesIoUringSelectionFallsBackToLinuxAndSaysWhy() throws Exception {
        String out = SelectionReport.inChildJvm("-D" + IoUring.TEST_SETUP_ERRNO + "=1"); // EPERM
        assertTrue(out.contains("selected linux by highest priority"), out);
        assertTrue(out.contains("uring unavailable:") && out.contains("seccomp"), out);
    }

    @Test
    void whenTheSysctlDisablesIoUringSelectionFallsBackAndSaysWhy() throws Exception {
        assumeTrue(Files.isWritable(DISABLED), "needs root to set kernel.io_uring_disabled");
        String saved = Files.readAllLines(DISABLED).get(0).strip();
        String out;
        try {
            Files.writeString(DISABLED, "2");
            out = SelectionReport.inChildJvm();
        } finally {
            Files.writeString(DISABLED, saved);
        }
        assertTrue(out.contains("selected linux by highest priority"), out);
        assertTrue(out.contains("io_uring_disabled"), out);
    }

    @Test
    void sqpollOptionIsHonouredOrFallsBackSilently(@TempDir Path dir) throws Exception {
        try (IoUringContext ctx = (IoUringContext) AsyncFileContext.builder().implementation("uring")
                .option("sqpoll", "1").maxRequests(8).build();
             RandomAccessFile f = new RandomAccessFile(dir.resolve("f").toFile(), "rw")) {
            assertTrue(ctx.features().contains("sqpoll="), ctx.features());
            ctx.write("sqpoll".getBytes(), f.getFD(), 0).join();
            assertArrayEquals("sqpoll".getBytes(), ctx.read(6, f.getFD(), 0).join());
        }
    }
}
