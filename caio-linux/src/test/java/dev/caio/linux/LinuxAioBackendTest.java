package dev.caio.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.caio.AsyncFileContext;
import dev.caio.CaioIOException;
import dev.caio.DirectFile;
import dev.caio.internal.natives.NativeContext;
import dev.caio.tck.ProviderRegistration;
import dev.caio.tck.SelectionReport;
import dev.caio.tck.SystemChange;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Linux-AIO-specific behaviour: the fsync fallback, pipes, io_setup exhaustion and the fallback it causes, aio-nr
 * hygiene. Tests tagged {@code system} change fs.aio-max-nr and run only with -Psystem-tests (docs/testing.md).
 */
class LinuxAioBackendTest {
    private static final Path AIO_MAX_NR = Path.of("/proc/sys/fs/aio-max-nr");

    @BeforeAll
    static void available() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "the linux backend needs Linux");
        assertTrue(LinuxAioProvider.BACKEND.isAvailable(),
                () -> "linux backend unavailable: " + LinuxAioProvider.BACKEND.unavailabilityCause());
    }

    /** A context as the provider makes it, typed for the test seams that take its handle. */
    private static NativeContext open(int maxRequests) {
        return (NativeContext) new LinuxAioProvider().create(maxRequests);
    }

    private static Throwable failureOf(java.util.concurrent.CompletableFuture<?> f) {
        return assertThrows(CompletionException.class, f::join).getCause();
    }

    private static Path fifo(Path dir) throws Exception {
        Path p = dir.resolve("fifo");
        Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        assertEquals(0, mk.waitFor(), "mkfifo");
        return p;
    }

    @Test
    void aSyncRefusedByAioIsDoneByTheSyscallInstead(@TempDir Path dir) throws Exception {
        try (NativeContext ctx = open(8);
             RandomAccessFile f = new RandomAccessFile(dir.resolve("f").toFile(), "rw")) {
            LinuxAioNative.setRefuseAioSync(ctx.handle(), true);
            ctx.write("data".getBytes(), f.getFD(), 0).join();
            assertNull(ctx.fsync(f.getFD()).join());
            assertNull(ctx.fdsync(f.getFD()).join());
            RandomAccessFile closed = new RandomAccessFile(dir.resolve("g").toFile(), "rw");
            java.io.FileDescriptor fd = closed.getFD();
            closed.close();
            assertEquals("EBADF", assertInstanceOf(CaioIOException.class, failureOf(ctx.fsync(fd))).errnoName(),
                    "the fallback really calls fsync(2)");
        }
    }

    @Test
    void aPipeFailsWithTheErrnoFsyncAndPreadWouldGive(@TempDir Path dir) throws Exception {
        try (NativeContext ctx = open(8);
             RandomAccessFile pipe = new RandomAccessFile(fifo(dir).toFile(), "rw");
             RandomAccessFile f = new RandomAccessFile(dir.resolve("f").toFile(), "rw")) {
            CaioIOException sync = assertInstanceOf(CaioIOException.class, failureOf(ctx.fsync(pipe.getFD())));
            assertEquals("EINVAL", sync.errnoName(), sync.getMessage());
            CaioIOException read = assertInstanceOf(CaioIOException.class, failureOf(ctx.read(4, pipe.getFD(), 0)));
            assertTrue(read.errno() > 0, read.getMessage());
            assertEquals(3, ctx.write("abc".getBytes(), f.getFD(), 0).join(), "the context is still usable");
        }
    }

    @Test
    @Tag("system") // lowers fs.aio-max-nr for the whole host
    void anExhaustedAioMaxNrRefusesNewContextsWithEagainAndTheFix() throws IOException {
        assumeTrue(Files.isWritable(AIO_MAX_NR), "needs root to lower fs.aio-max-nr");
        // A real fault: no room left system-wide, exactly what leaked contexts did to upstream users. The old value
        // comes back from a guardian process, even if this JVM is killed.
        SystemChange full = SystemChange.sysctl(AIO_MAX_NR, "0");
        try (full) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> new LinuxAioProvider().create(8));
            CaioIOException cause = assertInstanceOf(CaioIOException.class, e.getCause());
            assertEquals("EAGAIN", cause.errnoName(), cause.getMessage());
            String m = e.getMessage();
            assertTrue(m.startsWith("linux: cannot create a context: io_setup failed: EAGAIN"), m);
            assertTrue(m.contains(" of 0 AIO events") && m.contains("needs 8 more")
                    && m.contains("sysctl -w fs.aio-max-nr=65536"), m);
            assertTrue(LinuxAioNative.probe().contains("aio-max-nr"), LinuxAioNative.probe());
        }
        new LinuxAioProvider().create(8).close();
    }

    @Test
    @Tag("system") // lowers fs.aio-max-nr for the whole host
    void whenIoSetupHitsFsAioMaxNrSelectionFallsBackToThreadWithOneWarningButANamedLinuxFails() throws IOException {
        assumeTrue(Files.isWritable(AIO_MAX_NR), "needs root to lower fs.aio-max-nr");
        AsyncFileContext.implementations(); // probe everything first: linux must be available when io_setup fails
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
        SystemChange full = SystemChange.sysctl(AIO_MAX_NR, "0");
        Logger.getLogger("dev.caio").addHandler(capture);
        try (full) {
            for (int i = 0; i < 2; i++) {
                try (AsyncFileContext ctx = AsyncFileContext.create(8)) {
                    assertEquals("thread", ctx.implementation());
                }
            }
            UncheckedIOException named = assertThrows(UncheckedIOException.class,
                    () -> AsyncFileContext.create("linux", 8));
            assertEquals("EAGAIN", ((CaioIOException) named.getCause()).errnoName());
            assertThrows(UncheckedIOException.class,
                    () -> AsyncFileContext.builder().implementation("linux").build());
            // A bad option is a programming error, not a reason to try thread.
            assertThrows(IllegalArgumentException.class, () -> AsyncFileContext.builder().option("bogus", "1").build());
        } finally {
            Logger.getLogger("dev.caio").removeHandler(capture);
        }
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("linux could not create a context, using thread instead")
                && warnings.get(0).contains("EAGAIN") && warnings.get(0).contains("sysctl -w fs.aio-max-nr="),
                warnings.get(0));
        try (AsyncFileContext ctx = AsyncFileContext.create(8)) {
            assertEquals("linux", ctx.implementation(), "fs.aio-max-nr is back");
        }
    }

    @Test
    void injectedSetupFailuresAreReportedWithTheirFix() {
        try {
            LinuxAioNative.injectSetupFailure(11); // EAGAIN
            assertTrue(LinuxAioNative.probe().contains("aio-max-nr"), LinuxAioNative.probe());
            LinuxAioNative.injectSetupFailure(38); // ENOSYS
            assertTrue(LinuxAioNative.probe().contains("ENOSYS"), LinuxAioNative.probe());
            assertThrows(RuntimeException.class, () -> open(4));
        } finally {
            LinuxAioNative.injectSetupFailure(0);
        }
        assertNull(LinuxAioNative.probe());
    }

    @Test
    void closingReallyDestroysTheKernelContext() throws IOException {
        Path aioNr = Path.of("/proc/sys/fs/aio-nr");
        for (int i = 0; i < 3; i++) {
            open(512).close(); // warm up: the first contexts may size kernel structures
        }
        long before = Long.parseLong(Files.readAllLines(aioNr).get(0).strip());
        for (int i = 0; i < 200; i++) {
            open(512).close();
        }
        assertEquals(before, Long.parseLong(Files.readAllLines(aioNr).get(0).strip()), "fs.aio-nr leaked");
    }

    @Test
    void directFilesReadAndWriteAlignedBuffersAndExplainMisalignment() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/var/tmp"), "caio-direct");
        Path p = dir.resolve("direct.bin");
        try (NativeContext ctx = open(8)) {
            DirectFile file;
            try {
                file = DirectFile.open(p, java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE,
                        java.nio.file.StandardOpenOption.CREATE);
            } catch (IOException e) {
                assumeTrue(false, "no O_DIRECT on /var/tmp here: " + e.getMessage());
                return;
            }
            try (file) {
                int a = file.alignment();
                java.nio.ByteBuffer out = file.allocate(2 * a);
                for (int i = 0; i < out.capacity(); i++) {
                    out.put(i, (byte) i);
                }
                assertEquals(2 * a, ctx.write(out, file.fd(), a).join());
                java.nio.ByteBuffer in = file.allocate(2 * a);
                assertEquals(2 * a, ctx.read(in, file.fd(), a).join());
                assertEquals(0, in.flip().compareTo(out.flip()));
                assertArrayEquals(new byte[a], ctx.read(a, file.fd(), 0).join(), "heap reads go through aligned staging");
                CaioIOException e = assertInstanceOf(CaioIOException.class,
                        failureOf(ctx.read(file.allocate(a), file.fd(), 1)));
                assertEquals("EINVAL", e.errnoName());
                assertTrue(e.getMessage().contains("misaligned O_DIRECT"), e.getMessage());
            }
        } finally {
            Files.deleteIfExists(p);
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void whenIoSetupIsRefusedSelectionFallsBackToThreadAndSaysWhy() throws Exception {
        String out = SelectionReport.inChildJvm("-D" + LinuxAioProvider.TEST_SETUP_ERRNO + "=11");
        assertTrue(out.contains("selected thread by highest priority"), out);
        assertTrue(out.contains("linux unavailable: linux backend unavailable:") && out.contains("aio-max-nr"), out);
    }

    @Test
    void registrationsAgreeAndSelectionPrefersLinuxOverThread() {
        ProviderRegistration.assertConsistent(LinuxAioProvider.class, "dev.caio.linux");
        assertEquals("linux", AsyncFileContext.selection().implementation());
    }
}
