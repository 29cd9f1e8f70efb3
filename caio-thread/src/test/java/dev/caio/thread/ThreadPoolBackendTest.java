package dev.caio.thread;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.caio.AsyncFileContext;
import dev.caio.Operation;
import dev.caio.internal.natives.NativeEngine;
import dev.caio.tck.ProviderRegistration;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the TCK cannot see from outside: the POSIX threads themselves, the C queue, options and registration. */
class ThreadPoolBackendTest {
    @BeforeAll
    static void linuxOnly() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "the thread backend needs Linux");
        assertTrue(ThreadPoolProvider.BACKEND.isAvailable(),
                () -> "thread backend unavailable: " + ThreadPoolProvider.BACKEND.unavailabilityCause());
    }

    /** Threads of this process whose name (comm) is {@code caio-thread-w}: the C pool's workers. */
    private static long poolThreads() throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.filter(t -> {
                try {
                    return Files.readAllLines(t.resolve("comm")).get(0).strip().equals("caio-thread-w");
                } catch (IOException e) {
                    return false; // the thread ended while we looked
                }
            }).count();
        }
    }

    @Test
    void theBoundGrowsForDeviceWorkOnlyAndCloseJoinsEveryThread(@TempDir Path dir) throws Exception {
        long before = poolThreads();
        int perCore = Math.min(3, Runtime.getRuntime().availableProcessors());
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("f").toFile(), "rw")) {
            AsyncFileContext ctx = AsyncFileContext.builder().implementation("thread").option("poolSize", "3")
                    .maxRequests(16).build();
            awaitPoolThreads(before + perCore);
            // Buffered writes are page-cache copies: the pool stays at one thread per core.
            List<Operation<Integer>> writes = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                writes.add(Operation.write(new byte[512], f.getFD(), i * 512L));
            }
            ctx.submit(writes);
            for (Operation<Integer> w : writes) {
                assertEquals(512, w.get(10, TimeUnit.SECONDS));
            }
            assertEquals(before + perCore, poolThreads(), "buffered writes grew the pool");
            // Syncs wait for the device: queued with no thread free, they start threads up to the bound.
            List<Operation<Void>> syncs = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                syncs.add(Operation.fsync(f.getFD()));
            }
            ctx.submit(syncs);
            for (Operation<Void> s : syncs) {
                s.get(10, TimeUnit.SECONDS);
            }
            awaitPoolThreads(before + 3);
            assertEquals(before + 3, poolThreads(), "poolSize is the bound");
            ctx.close();
        }
        assertEquals(before, poolThreads(), "close() must stop and join the pool (caio 0.10's bug)");
    }

    /** Workers name themselves as they start, so give them a moment to appear. */
    private static void awaitPoolThreads(long n) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (poolThreads() != n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(n, poolThreads());
    }

    @Test
    void aCancelledQueuedRequestIsTakenOutOfTheCQueue(@TempDir Path dir) throws Exception {
        int n = 64;
        int size = 4096;
        int head = 512 << 20; // keeps the only pool thread busy for a long while (hundreds of milliseconds)
        // inlineReads=0: buffered writes would otherwise run on this thread, never waiting in the C queue.
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("f").toFile(), "rw");
             AsyncFileContext ctx = AsyncFileContext.builder().implementation("thread").option("poolSize", "1")
                     .option("inlineReads", "0").maxRequests(n + 1).build()) {
            Operation<Integer> busy = Operation.write(java.nio.ByteBuffer.allocateDirect(head), f.getFD(), 0);
            List<Operation<Integer>> ops = new ArrayList<>();
            byte[] ones = new byte[size];
            java.util.Arrays.fill(ones, (byte) 1);
            for (int i = 0; i < n; i++) {
                ops.add(Operation.write(ones, f.getFD(), head + (long) i * size));
            }
            ctx.submit(busy);
            ctx.submit(ops);
            assertEquals(0, ctx.cancel(ops.get(n - 1)), "all were admitted into the C queue, none was waiting");
            for (int i = n - 2; i >= n / 2; i--) {
                ops.get(i).cancel(false);
            }
            busy.join();
            for (Operation<Integer> op : ops) {
                op.released().join();
            }
            byte[] tail = new byte[size * (n / 2)];
            f.seek(head + (long) (n / 2) * size);
            f.readFully(tail, 0, (int) Math.min(tail.length, f.length() - f.getFilePointer()));
            assertArrayEquals(new byte[tail.length], tail,
                    "the cancelled writes, queued behind a 512 MiB write on the only pool thread, never ran");
            assertTrue(ops.get(0).join() == size, "uncancelled work completes");
        }
    }

    /** Which thread completed each of 64 page-cache reads submitted as one batch, and whether their data is right. */
    private static List<String> completingThreads(Path file) throws Exception {
        byte[] data = new byte[64 * 512];
        new java.util.Random(7).nextBytes(data);
        Files.write(file, data); // and so in the page cache
        List<String> threads = java.util.Collections.synchronizedList(new ArrayList<>());
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r");
             AsyncFileContext ctx = AsyncFileContext.builder().implementation("thread")
                     .maxRequests(64).build()) {
            List<Operation<byte[]>> ops = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                Operation<byte[]> op = Operation.read(512, f.getFD(), i * 512L);
                op.whenComplete((r, e) -> threads.add(Thread.currentThread().getName()));
                ops.add(op);
            }
            ctx.submit(ops);
            for (int i = 0; i < 64; i++) {
                assertArrayEquals(java.util.Arrays.copyOfRange(data, i * 512, i * 512 + 512), ops.get(i).join());
            }
        }
        return threads;
    }

    @Test
    void aCachedReadCompletesInsideTheCallThatSubmitsIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("f");
        Files.write(file, new byte[8192]); // and so in the page cache
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r");
             AsyncFileContext ctx = AsyncFileContext.builder().implementation("thread").maxRequests(4).build()) {
            for (int i = 0; i < 20; i++) {
                // The submitter takes its own request off the queue before anyone else can: no hand-off at all.
                java.util.concurrent.CompletableFuture<byte[]> read = ctx.read(100, f.getFD(), i * 100L);
                assertTrue(read.isDone(), "read " + i + " was handed off");
                assertEquals(100, read.join().length);
            }
        }
    }

    @Test
    void aBigCachedBatchIsSharedBetweenTheSubmitterAndTheCompletionThread(@TempDir Path dir) throws Exception {
        String me = Thread.currentThread().getName();
        List<String> threads = completingThreads(dir.resolve("f"));
        assertEquals(64, threads.size());
        assertTrue(threads.contains(me), threads::toString);
        assertTrue(threads.stream().allMatch(t -> t.equals(me) || t.startsWith("caio-thread-completion-")),
                threads::toString);
    }

    @Test
    void testsRunWithCheckedJni() throws IOException {
        // Always check JNI during the test run, so that misuse that could crash a production JVM fails here.
        String cmdline = new String(Files.readAllBytes(Path.of("/proc/self/cmdline"))).replace('\0', ' ');
        assertTrue(cmdline.contains("-Xcheck:jni"), cmdline);
    }

    /** Writes 8 KiB of seeded random bytes to {@code file} and returns them. */
    private static byte[] randomFile(Path file, long seed) throws IOException {
        byte[] data = new byte[8192];
        new java.util.Random(seed).nextBytes(data);
        Files.write(file, data);
        return data;
    }

    /**
     * The JNI face checks a whole batch before any of it runs, so malformed input from Java is an exception, never a
     * crash; and an op marked as using the previous op's fd (the batch packing's shortcut) really reads that file.
     */
    @Test
    void nativeSubmitChecksTheBatchFirst(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("f");
        byte[] data = randomFile(file, 3);
        NativeEngine engine = ThreadPoolProvider.BACKEND.engine();
        long h = engine.create(4, new ThreadPoolOptions(1, true).nativeOption());
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            java.nio.ByteBuffer a = java.nio.ByteBuffer.allocateDirect(4096);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(4096);
            int sameFd = 1 << 8;
            long[] firstMarked = {0, sameFd, 0, 0, 4096};
            assertThrows(IllegalArgumentException.class, () -> engine.submit(h,
                    new Object[] {null}, new Object[] {a}, firstMarked, 1, null));
            long[] unmarkedNull = {0, 0, 0, 0, 4096, 1, 0, 4096, 0, 4096};
            assertThrows(IllegalArgumentException.class, () -> engine.submit(h,
                    new Object[] {f.getFD(), null}, new Object[] {a, b}, unmarkedNull, 2, null));
            long[] tooLong = {0, 0, 0, 1, 4096};
            assertThrows(IllegalArgumentException.class, () -> engine.submit(h,
                    new Object[] {f.getFD()}, new Object[] {a}, tooLong, 1, null));
            // Only direct ByteBuffers carry an address: a heap buffer or any other object is refused.
            long[] one = {0, 0, 0, 0, 4096};
            assertThrows(IllegalArgumentException.class, () -> engine.submit(h,
                    new Object[] {f.getFD()}, new Object[] {java.nio.ByteBuffer.allocate(4096)}, one, 1, null));
            assertThrows(IllegalArgumentException.class, () -> engine.submit(h,
                    new Object[] {f.getFD()}, new Object[] {"not a buffer"}, one, 1, null));
            long[] twoReads = {0, 0, 0, 0, 4096, 1, sameFd, 4096, 0, 4096};
            long[] done = new long[8];
            int n = engine.submit(h, new Object[] {f.getFD(), null}, new Object[] {a, b}, twoReads, 2, done);
            long[] out = new long[8];
            while (n < 2) {
                int got = engine.reap(h, out);
                System.arraycopy(out, 0, done, 2 * n, 2 * got);
                n += got;
            }
            for (int i = 0; i < 2; i++) {
                assertEquals(4096, done[2 * i + 1], "result of slot " + done[2 * i]);
            }
            byte[] got = new byte[4096];
            b.get(got);
            assertArrayEquals(java.util.Arrays.copyOfRange(data, 4096, 8192), got, "the marked op read the same file");
        } finally {
            engine.shutdown(h);
            engine.destroy(h);
        }
    }

    /**
     * The single-op entry checks its operation as the batch entry does (malformed input is an exception, never a
     * crash; its descriptor is typed, so only null needs refusing there), and a good read lands: its completion
     * comes back packed, collected during the call or reaped later.
     */
    @Test
    void nativeSubmitOneChecksItsOperation(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("f");
        byte[] data = randomFile(file, 5);
        NativeEngine engine = ThreadPoolProvider.BACKEND.engine();
        long h = engine.create(4, new ThreadPoolOptions(1, true).nativeOption());
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            java.nio.ByteBuffer a = java.nio.ByteBuffer.allocateDirect(4096);
            java.io.FileDescriptor fd = f.getFD();
            assertThrows(IllegalArgumentException.class,
                    () -> engine.submitOne(h, null, a, 0, 0, 0, 0, 4096, true));
            assertThrows(IllegalArgumentException.class,
                    () -> engine.submitOne(h, fd, java.nio.ByteBuffer.allocate(4096), 0, 0, 0, 0, 4096, true));
            assertThrows(IllegalArgumentException.class, () -> engine.submitOne(h, fd, a, 0, 0, 0, 1, 4096, true));
            assertThrows(IllegalArgumentException.class, () -> engine.submitOne(h, fd, a, 4, 0, 0, 0, 4096, true));
            assertThrows(IllegalArgumentException.class, () -> engine.submitOne(h, fd, a, 0, 7, 0, 0, 4096, true));
            assertThrows(IllegalArgumentException.class,
                    () -> engine.submitOne(h, fd, a, 0, 1 << 8, 0, 0, 4096, true)); // marked same-fd, no previous op
            long one = engine.submitOne(h, fd, a, 2, 0, 4096, 0, 4096, true);
            long[] out = new long[2];
            if (one == Long.MIN_VALUE) {
                while (engine.reap(h, out) == 0) {
                    Thread.onSpinWait();
                }
            } else {
                out[0] = one & ((1L << 20) - 1);
                out[1] = one >> 20;
            }
            assertEquals(2, out[0], "slot");
            assertEquals(4096, out[1], "result");
            byte[] got = new byte[4096];
            a.get(got);
            assertArrayEquals(java.util.Arrays.copyOfRange(data, 4096, 8192), got);
        } finally {
            engine.shutdown(h);
            engine.destroy(h);
        }
    }

    @Test
    void nativeReadNowServesOnlyWholePageCacheHits(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("f");
        byte[] data = randomFile(file, 5); // 8 KiB, just written: cached
        NativeEngine engine = ThreadPoolProvider.BACKEND.engine();
        java.nio.ByteBuffer a = java.nio.ByteBuffer.allocateDirect(8192);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            java.io.FileDescriptor fd = f.getFD();
            assertThrows(IllegalArgumentException.class, () -> engine.readNow(null, a, 0, 4096, 0, false));
            assertThrows(IllegalArgumentException.class,
                    () -> engine.readNow(fd, java.nio.ByteBuffer.allocate(4096), 0, 4096, 0, false));
            assertThrows(IllegalArgumentException.class, () -> engine.readNow(fd, a, 4097, 4096, 0, false));
            assertThrows(IllegalArgumentException.class, () -> engine.readNow(fd, a, 0, 0, 0, false));
            assertThrows(IllegalArgumentException.class, () -> engine.readNow(fd, a, 0, 4096, -1, false));
            assertEquals(4096, engine.readNow(fd, a, 100, 4096, 4096, false));
            byte[] got = new byte[4096];
            a.get(100, got);
            assertArrayEquals(java.util.Arrays.copyOfRange(data, 4096, 8192), got);
            assertEquals(0, engine.readNow(fd, a, 0, 4096, 8192, true), "end of file");
            assertTrue(engine.readNow(fd, a, 0, 8192, 4096, true) < 0, "a short read may be a partial hit: not now");
        }
        java.io.FileDescriptor closed = new java.io.FileDescriptor();
        assertTrue(engine.readNow(closed, a, 0, 4096, 0, false) < 0, "an invalid descriptor: not now");
        try (dev.caio.DirectFile d = dev.caio.DirectFile.open(file)) {
            java.nio.ByteBuffer aligned = java.nio.ByteBuffer.allocateDirect(2 * 4096).alignedSlice(4096);
            assertEquals(NativeEngine.NEVER_NOW, engine.readNow(d.fd(), aligned, 0, 4096, 0, false),
                    "O_DIRECT: never served now, never a device wait");
        } catch (UnsupportedOperationException | java.io.IOException e) {
            assumeTrue(false, "no O_DIRECT here: " + e);
        }
    }

    @Test
    void unknownOrBadOptionsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> AsyncFileContext.builder().implementation("thread").option("threads", "2").build());
        assertThrows(IllegalArgumentException.class,
                () -> AsyncFileContext.builder().implementation("thread").option("poolSize", "0").build());
        assertThrows(IllegalArgumentException.class,
                () -> AsyncFileContext.builder().implementation("thread").option("inlineReads", "2").build());
    }

    @Test
    void selectionPicksThreadAndTheRegistrationsAgree() {
        assertEquals("thread", AsyncFileContext.selection().implementation());
        ProviderRegistration.assertConsistent(ThreadPoolProvider.class, "dev.caio.thread");
    }
}
