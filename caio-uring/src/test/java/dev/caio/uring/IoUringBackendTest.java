package dev.caio.uring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.caio.AsyncFileContext;
import dev.caio.CaioIOException;
import dev.caio.internal.natives.NativeContext;
import dev.caio.tck.ProviderRegistration;
import dev.caio.tck.SelectionReport;
import dev.caio.tck.SystemChange;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * io_uring-specific behaviour: default selection, fallback when refused (seam and real sysctl) or when a ring cannot
 * be created (seam), SQPOLL. The {@code system}-tagged test sets a sysctl and runs only with -Psystem-tests.
 */
class IoUringBackendTest {
    private static final Path DISABLED = Path.of("/proc/sys/kernel/io_uring_disabled");

    @BeforeAll
    static void available() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "the uring backend needs Linux");
        assertTrue(IoUringProvider.BACKEND.isAvailable(),
                () -> "uring backend unavailable: " + IoUringProvider.BACKEND.unavailabilityCause());
    }

    @Test
    void defaultSelectionPicksUringAndTheRegistrationsAgree() {
        assertEquals("uring", AsyncFileContext.selection().implementation());
        ProviderRegistration.assertConsistent(IoUringProvider.class, "dev.caio.uring");
    }

    @Test
    void whenSeccompRefusesIoUringSelectionFallsBackToLinuxAndSaysWhy() throws Exception {
        String out = SelectionReport.inChildJvm("-D" + IoUringProvider.TEST_SETUP_ERRNO + "=1"); // EPERM
        assertTrue(out.contains("selected linux by highest priority"), out);
        assertTrue(out.contains("uring unavailable:") && out.contains("seccomp"), out);
    }

    @Test
    @Tag("system") // sets kernel.io_uring_disabled for the whole host
    void whenTheSysctlDisablesIoUringSelectionFallsBackAndSaysWhy() throws Exception {
        assumeTrue(Files.isWritable(DISABLED), "needs root to set kernel.io_uring_disabled");
        String out;
        SystemChange disabled = SystemChange.sysctl(DISABLED, "2"); // restored even if this JVM is killed
        try (disabled) {
            out = SelectionReport.inChildJvm();
        }
        assertTrue(out.contains("selected linux by highest priority"), out);
        assertTrue(out.contains("io_uring_disabled"), out);
    }

    @Test
    void anEnomemRingNamesRlimitMemlockAndHowToRaiseIt() {
        // The seam fails io_uring_setup after the probe, as a low RLIMIT_MEMLOCK does on kernels before 5.12.
        IoUringNative.injectSetupFailure(12); // ENOMEM
        try {
            UncheckedIOException e = assertThrows(UncheckedIOException.class,
                    () -> AsyncFileContext.create("uring", 8));
            CaioIOException cause = assertInstanceOf(CaioIOException.class, e.getCause());
            assertEquals("ENOMEM", cause.errnoName());
            String m = e.getMessage();
            assertTrue(m.startsWith("uring: cannot create a context: io_uring_setup failed: ENOMEM"), m);
            assertTrue(m.contains("RLIMIT_MEMLOCK (ulimit -l) is ") && m.contains("LimitMEMLOCK=")
                    && m.contains("before 5.12"), m);
        } finally {
            IoUringNative.injectSetupFailure(0);
        }
    }

    @Test
    void anEnomemRingMakesSelectionFallBackToLinuxWithOneWarningButNotABadOption() {
        List<String> warnings = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(r.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        AsyncFileContext.implementations(); // every probe done before the seam is set
        Logger.getLogger("dev.caio").addHandler(capture);
        IoUringNative.injectSetupFailure(12); // ENOMEM
        try {
            for (int i = 0; i < 2; i++) {
                try (AsyncFileContext ctx = AsyncFileContext.create(8)) {
                    assertEquals("linux", ctx.implementation());
                }
            }
            assertThrows(UncheckedIOException.class, () -> AsyncFileContext.builder().implementation("uring").build());
            // uring refuses the option before it makes a ring: a programming error, not a reason to try linux.
            assertThrows(IllegalArgumentException.class, () -> AsyncFileContext.builder().option("bogus", "1").build());
        } finally {
            IoUringNative.injectSetupFailure(0);
            Logger.getLogger("dev.caio").removeHandler(capture);
        }
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("uring could not create a context, using linux instead")
                && warnings.get(0).contains("RLIMIT_MEMLOCK"), warnings.get(0));
        try (AsyncFileContext ctx = AsyncFileContext.create(8)) {
            assertEquals("uring", ctx.implementation());
        }
    }

    @Test
    void sqpollOptionIsHonouredOrFallsBackSilently(@TempDir Path dir) throws Exception {
        try (NativeContext ctx = (NativeContext) AsyncFileContext.builder().implementation("uring")
                .option("sqpoll", "1").maxRequests(8).build();
             RandomAccessFile f = new RandomAccessFile(dir.resolve("f").toFile(), "rw")) {
            assertTrue(ctx.features().contains("sqpoll="), ctx.features());
            ctx.write("sqpoll".getBytes(), f.getFD(), 0).join();
            assertArrayEquals("sqpoll".getBytes(), ctx.read(6, f.getFD(), 0).join());
        }
    }
}
