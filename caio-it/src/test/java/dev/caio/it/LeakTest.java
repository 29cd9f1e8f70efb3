package dev.caio.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caio.AsyncFileContext;
import dev.caio.Operation;
import java.io.File;
import java.io.FileDescriptor;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mixed operations (reads and writes from heap arrays and reused direct buffers, fdsyncs, cancellations; batch API)
 * on each native implementation: resident memory (VmRSS) after warm-up grows by less than 64 MiB, and the process's
 * thread count returns to its baseline after close. 1,000,000 operations by default; the 10 million operation soak
 * is tagged {@code stress} (-Pstress).
 */
class LeakTest {
    static final long RSS_BOUND_KIB = 64 * 1024;
    static final int BATCH = 256;
    static final int SPAN = 4 << 20;
    private static Path root;

    @BeforeAll
    static void setUp() throws Exception {
        root = Impls.workDir("leak");
    }

    @AfterAll
    static void tearDown() {
        Impls.deleteTree(root);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.caio.it.Impls#natives")
    void memoryAndThreadsStayFlat(String impl) throws Exception {
        soak(impl, 1_000_000);
    }

    @Tag("stress")
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.caio.it.Impls#natives")
    void tenMillionOperationSoak(String impl) throws Exception {
        soak(impl, 10_000_000);
    }

    static long rssKib() throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS");
    }

    static int threads() {
        String[] t = new File("/proc/self/task").list();
        return t == null ? -1 : t.length;
    }

    /** The backend library's own count of native bytes it holds (its counting allocator); 0 for java. */
    private static long nativeBytes(String impl) {
        return switch (impl) {
            case "uring" -> new dev.caio.uring.IoUringProvider().nativeMemoryInUse();
            case "linux" -> new dev.caio.linux.LinuxAioProvider().nativeMemoryInUse();
            case "thread" -> new dev.caio.thread.ThreadPoolProvider().nativeMemoryInUse();
            default -> 0;
        };
    }

    private static void soak(String impl, long total) throws Exception {
        System.gc();
        int baselineThreads = threads();
        long nativeBaseline = nativeBytes(impl);
        long nativeAfterWarmup = -1;
        long nativeMax = 0;
        Path f = Files.createTempFile(root, impl, ".dat");
        long warmup = Math.max(20_000, total / 10);
        long rssAfterWarmup = -1;
        long maxRss = 0;
        long done = 0;
        long failures = 0;
        long t0 = System.nanoTime();
        ByteBuffer[] direct = new ByteBuffer[BATCH];
        for (int i = 0; i < BATCH; i++) {
            direct[i] = ByteBuffer.allocateDirect(4096);
        }
        SplittableRandom rnd = new SplittableRandom(42);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(SPAN);
            FileDescriptor fd = raf.getFD();
            AsyncFileContext ctx = AsyncFileContext.create(impl, 128);
            try {
                List<Operation<?>> batch = new ArrayList<>(BATCH);
                while (done < total) {
                    batch.clear();
                    for (int i = 0; i < BATCH; i++) {
                        long off = rnd.nextInt(SPAN / 4096) * 4096L;
                        int k = rnd.nextInt(100);
                        ByteBuffer d = direct[i].clear();
                        batch.add(k < 35 ? Operation.read(4096, fd, off)
                                : k < 60 ? Operation.read(d, fd, off)
                                : k < 80 ? Operation.write(new byte[4096], fd, off)
                                : k < 97 ? Operation.write(d, fd, off)
                                : Operation.fdsync(fd));
                    }
                    ctx.submit(batch);
                    for (int i = 0; i < BATCH; i += 17) {
                        ctx.cancel(batch.get(i));
                    }
                    for (Operation<?> op : batch) {
                        Object o = Impls.outcome(op, impl + " op");
                        Impls.outcome(op.released(), impl + " released");
                        if (o instanceof Throwable t && !(t instanceof java.util.concurrent.CancellationException)) {
                            throw new AssertionError(impl + ": operation failed: " + t, t);
                        }
                        if (o instanceof Throwable) {
                            failures++;
                        }
                    }
                    done += BATCH;
                    if (rssAfterWarmup < 0 && done >= warmup) {
                        System.gc();
                        rssAfterWarmup = rssKib();
                        nativeAfterWarmup = nativeBytes(impl);
                    } else if (rssAfterWarmup >= 0 && (done / BATCH) % 200 == 0) {
                        maxRss = Math.max(maxRss, rssKib());
                        nativeMax = Math.max(nativeMax, nativeBytes(impl));
                    }
                }
            } finally {
                ctx.close();
            }
        }
        System.gc();
        long rssEnd = rssKib();
        maxRss = Math.max(maxRss, rssEnd);
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("[caio-it] %s soak: %d ops (%d cancelled) in %.1f s, VmRSS after warm-up %d KiB, max %d KiB,"
                + " end %d KiB%n", impl, done, failures, secs, rssAfterWarmup, maxRss, rssEnd);
        assertTrue(rssEnd - rssAfterWarmup < RSS_BOUND_KIB, impl + ": VmRSS grew from " + rssAfterWarmup + " to "
                + rssEnd + " KiB over " + done + " operations");
        System.out.printf("[caio-it] %s native memory: baseline %d B, after warm-up %d B, max %d B, after close %d B%n",
                impl, nativeBaseline, nativeAfterWarmup, nativeMax, nativeBytes(impl));
        // Flat: only a batch array of one submit call (a few KiB) may come and go between samples.
        assertTrue(nativeMax - nativeAfterWarmup <= 64 * 1024, impl + ": native memory grew from "
                + nativeAfterWarmup + " to " + nativeMax + " bytes");
        assertEquals(nativeBaseline, nativeBytes(impl), impl + ": native memory not given back by close()");
        int after = threads();
        for (long deadline = System.nanoTime() + Impls.WAIT_SECONDS * 1_000_000_000L;
             after > baselineThreads && System.nanoTime() < deadline; after = threads()) {
            Thread.sleep(20);
        }
        assertEquals(baselineThreads, Math.max(after, baselineThreads), impl + ": " + (after - baselineThreads)
                + " thread(s) left after close: " + Thread.getAllStackTraces().keySet());
    }
}
