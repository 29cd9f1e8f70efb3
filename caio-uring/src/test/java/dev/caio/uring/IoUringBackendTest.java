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
import dev.caio.DirectFile;
import java.util.concurrent.CompletableFuture;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicReference;
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

    /**
     * A platform thread joining its own O_DIRECT read waits in the ring, where the kernel finishes the read on that
     * thread: the read's dependent stages run on the joiner, not on the completion thread (as they do for a thread
     * that does not wait). The device takes far longer than registering the stage, so the read is still in flight
     * when the joiner arrives in nearly every round.
     */
    @Test
    void aPlatformThreadJoiningItsDirectReadCompletesItItself() throws Exception {
        Path dir = Path.of("/var/tmp");
        Path p = Files.createTempFile(dir, "caio-await", ".dat");
        DirectFile file;
        try {
            file = DirectFile.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            Files.deleteIfExists(p);
            assumeTrue(false, "no O_DIRECT under " + dir + ": " + e.getMessage());
            return;
        }
        try (file; AsyncFileContext ctx = AsyncFileContext.create("uring", 8)) {
            ByteBuffer data = file.allocate(8192);
            for (int i = 0; i < data.capacity(); i++) {
                data.put(i, (byte) (i / 4096 + 1));
            }
            assertEquals(8192, ctx.write(data, file.fd(), 0).join());
            int rounds = 200;
            int onJoiner = 0;
            ByteBuffer into = file.allocate(4096);
            for (int r = 0; r < rounds; r++) {
                into.clear();
                CompletableFuture<Integer> op = ctx.read(into, file.fd(), 4096);
                AtomicReference<Thread> ranOn = new AtomicReference<>();
                op.whenComplete((n, e) -> ranOn.set(Thread.currentThread()));
                assertEquals(4096, op.join());
                assertEquals(2, into.get(0));
                assertEquals(2, into.get(4095));
                if (ranOn.get() == Thread.currentThread()) {
                    onJoiner++;
                }
            }
            assertTrue(onJoiner > rounds / 2, onJoiner + " of " + rounds + " reads completed on the joining thread");
        } finally {
            Files.deleteIfExists(p);
        }
    }
}
