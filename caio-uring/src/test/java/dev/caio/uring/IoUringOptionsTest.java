package dev.caio.uring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.caio.AsyncFileContext;
import dev.caio.Operation;
import dev.caio.internal.natives.NativeContext;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The optional features and their silent fallbacks, with real rings and files: SQPOLL refused, the registered
 * staging arena used, refused, and freed on close (also when close races inline deliveries).
 */
class IoUringOptionsTest {
    private static final int EPERM = 1;
    private static final int ENOMEM = 12;

    @BeforeAll
    static void available() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "the uring backend needs Linux");
        assertTrue(IoUringProvider.BACKEND.isAvailable(),
                () -> "uring backend unavailable: " + IoUringProvider.BACKEND.unavailabilityCause());
    }

    /** The library's native memory, as the provider reports it. */
    private static long nativeMemory() {
        return new IoUringProvider().nativeMemoryInUse();
    }

    private static NativeContext open(int maxRequests, String key, String value) {
        return (NativeContext) AsyncFileContext.builder().implementation("uring").option(key, value)
                .maxRequests(maxRequests).build();
    }

    private static NativeContext openDefault(int maxRequests) {
        return (NativeContext) AsyncFileContext.builder().implementation("uring").maxRequests(maxRequests).build();
    }

    /** Closes {@code ctx} after checking that its ring description contains a match of {@code regex}. */
    private static void assertFeatures(NativeContext ctx, String regex) {
        try (ctx) {
            assertTrue(java.util.regex.Pattern.compile(regex).matcher(ctx.features()).find(), ctx.features());
        }
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A context with {@code option=1} whose kernel call at {@code point} fails with {@code errno}. */
    private static NativeContext openRefused(int point, int errno, String option) {
        IoUringNative.injectFailure(point, errno);
        try {
            return open(8, option, "1");
        } finally {
            IoUringNative.injectFailure(point, 0);
        }
    }

    @Test
    void sqpollRefusedWithEpermFallsBackSilently(@TempDir Path dir) throws Exception {
        NativeContext ctx = openRefused(IoUringNative.FAIL_SQPOLL, EPERM, "sqpoll");
        try (ctx; RandomAccessFile f = new RandomAccessFile(dir.resolve("f").toFile(), "rw")) {
            assertTrue(ctx.features().startsWith("sqpoll=off "), ctx.features());
            ctx.write("refused".getBytes(), f.getFD(), 0).join();
            assertArrayEquals("refused".getBytes(), ctx.read(7, f.getFD(), 0).join());
        }
    }

    @Test
    void helperRingIsOnByDefaultAndCanBeSwitchedOffOrRefused() {
        assertFeatures(openDefault(8), " helper_ring=on ");
        assertFeatures(open(8, "helperRing", "0"), " helper_ring=off ");
        IoUringNative.injectFailure(IoUringNative.FAIL_HELPER_RING, ENOMEM);
        NativeContext refused;
        try {
            refused = open(8, "helperRing", "1");
        } finally {
            IoUringNative.injectFailure(IoUringNative.FAIL_HELPER_RING, 0);
        }
        assertFeatures(refused, " helper_ring=refused\\(ENOMEM\\) ");
    }

    @Test
    void chunkIsMeasuredByDefaultAndUsedAsGivenOtherwise() {
        assertFeatures(openDefault(8), " chunk=policy\\(syscall [0-9]+ns copy [0-9]+ns\\)$");
        assertFeatures(open(8, "chunk", "7"), " chunk=7$");
        for (String bad : new String[] {"17", "-1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> open(8, "chunk", bad));
            assertTrue(e.getMessage().contains("chunk"), e.getMessage());
        }
    }

    /**
     * Big batches go partly through the completion thread's helper ring, in the measured chunk, one op per
     * {@code io_uring_enter} and the most: heap arrays, heap buffers and direct buffers all come back with the right
     * bytes, round after round, also when some are cancelled on the way.
     */
    @ParameterizedTest(name = "chunk={0}")
    @ValueSource(strings = {"0", "1", "16"})
    void helperRingCarriesBigBatchesOfEveryMemoryKind(String chunk, @TempDir Path dir) throws Exception {
        int blocks = 64;
        byte[] data = random(blocks * 4096, 7);
        Path file = dir.resolve("f");
        Files.write(file, data);
        try (NativeContext ctx = (NativeContext) AsyncFileContext.builder().implementation("uring")
                .option("helperRing", "1").option("chunk", chunk).maxRequests(blocks).build();
             RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            for (int round = 0; round < 200; round++) {
                List<Operation<?>> batch = new ArrayList<>();
                List<ByteBuffer> buffers = new ArrayList<>();
                for (int i = 0; i < blocks; i++) {
                    int block = (i * 7 + round) % blocks;
                    switch (i % 3) {
                        case 0 -> {
                            batch.add(Operation.read(4096, f.getFD(), 4096L * block));
                            buffers.add(null);
                        }
                        case 1 -> {
                            ByteBuffer b = ByteBuffer.allocate(4096);
                            batch.add(Operation.read(b, f.getFD(), 4096L * block));
                            buffers.add(b);
                        }
                        default -> {
                            ByteBuffer b = ByteBuffer.allocateDirect(4096);
                            batch.add(Operation.read(b, f.getFD(), 4096L * block));
                            buffers.add(b);
                        }
                    }
                }
                ctx.submit(batch);
                if (round % 10 == 0) {
                    batch.get(blocks - 1).cancel(true); // may win or lose against the read; both are fine
                }
                for (int i = 0; i < blocks; i++) {
                    int block = (i * 7 + round) % blocks;
                    byte[] want = java.util.Arrays.copyOfRange(data, 4096 * block, 4096 * (block + 1));
                    Operation<?> op = batch.get(i);
                    if (op.isCancelled()) {
                        continue;
                    }
                    Object result = op.get(10, TimeUnit.SECONDS);
                    byte[] got;
                    if (buffers.get(i) == null) {
                        got = (byte[]) result;
                    } else {
                        assertEquals(4096, result, "round " + round + " op " + i);
                        got = new byte[4096];
                        buffers.get(i).flip().get(got);
                    }
                    assertArrayEquals(want, got, "round " + round + " op " + i);
                }
            }
        }
    }

    @Test
    void registeredBuffersCarryHeapDataOfEverySize(@TempDir Path dir) throws Exception {
        try (NativeContext ctx = open(4, "registeredBuffers", "1");
             RandomAccessFile f = new RandomAccessFile(dir.resolve("f").toFile(), "rw")) {
            assertTrue(ctx.features().contains("reg_buffers=on(4x65536)"), ctx.features());
            // 4 KiB and exactly one share go through the arena, 64 KiB + 1 through the library's own staging.
            int[] sizes = {1, 4096, 65536, 65537, 300_000};
            long offset = 0;
            for (int size : sizes) {
                byte[] data = random(size, size);
                assertEquals(size, ctx.write(data, f.getFD(), offset).join());
                assertArrayEquals(data, ctx.read(size, f.getFD(), offset).join(), "heap array of " + size);
                ByteBuffer heap = ByteBuffer.allocate(size + 3).position(3);
                assertEquals(size, ctx.read(heap, f.getFD(), offset).join());
                assertArrayEquals(data, java.util.Arrays.copyOfRange(heap.array(), 3, size + 3), "heap buffer");
                ByteBuffer src = ByteBuffer.wrap(random(size, -size)).asReadOnlyBuffer();
                assertEquals(size, ctx.write(src, f.getFD(), offset).join());
                assertArrayEquals(random(size, -size), ctx.read(size, f.getFD(), offset).join(), "read-only src");
                offset += size;
            }
            // A batch wider than the arena's slots: every slot's share is used at once, and reused.
            List<Operation<byte[]>> reads = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                reads.add(Operation.read(4096, f.getFD(), 4096L * i));
            }
            ctx.submit(reads);
            byte[] all = Files.readAllBytes(dir.resolve("f"));
            for (int i = 0; i < 64; i++) {
                assertArrayEquals(java.util.Arrays.copyOfRange(all, 4096 * i, 4096 * (i + 1)),
                        reads.get(i).get(10, TimeUnit.SECONDS), "batch read " + i);
            }
        }
    }

    @Test
    void registrationRefusedFallsBackSilently(@TempDir Path dir) throws Exception {
        NativeContext ctx = openRefused(IoUringNative.FAIL_REGISTER_BUFFERS, ENOMEM, "registeredBuffers");
        try (ctx; RandomAccessFile f = new RandomAccessFile(dir.resolve("f").toFile(), "rw")) {
            assertTrue(ctx.features().contains("reg_buffers=refused(ENOMEM)"), ctx.features());
            assertTrue(ctx.toString().contains("reg_buffers=refused(ENOMEM)"), ctx.toString());
            byte[] data = random(8192, 1);
            ctx.write(data, f.getFD(), 0).join();
            assertArrayEquals(data, ctx.read(8192, f.getFD(), 0).join());
        }
    }

    @Test
    void closeFreesTheArenaAndAllNativeMemory(@TempDir Path dir) throws Exception {
        long baseline = nativeMemory();
        NativeContext ctx = open(32, "registeredBuffers", "1");
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("f").toFile(), "rw")) {
            assertTrue(nativeMemory() >= baseline + 32 * 65536, "the arena is counted");
            byte[] data = random(1 << 20, 2);
            ctx.write(data, f.getFD(), 0).join();
            List<CompletableFuture<byte[]>> reads = new ArrayList<>();
            for (int i = 0; i < 256; i++) {
                reads.add(ctx.read(4096, f.getFD(), 4096L * i));
            }
            for (int i = 0; i < 256; i++) {
                assertArrayEquals(java.util.Arrays.copyOfRange(data, 4096 * i, 4096 * (i + 1)), reads.get(i).join());
            }
        } finally {
            ctx.close();
        }
        assertEquals(baseline, nativeMemory(), "native memory after close");
    }

    /**
     * Submitting threads deliver page-cache hits inline, copying out of the arena, while another thread closes:
     * the arena must outlive every such copy (a use after free would read garbage or crash the JVM), every future
     * must complete, and the memory must still be given back.
     */
    @Test
    void closeRacingInlineDeliveriesNeverTouchesAFreedArena(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("f");
        byte[] data = random(1 << 20, 3);
        Files.write(file, data);
        long baseline = nativeMemory();
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            for (int round = 0; round < 20; round++) {
                NativeContext ctx = open(16, "registeredBuffers", "1");
                CountDownLatch started = new CountDownLatch(4);
                List<Thread> threads = new ArrayList<>();
                List<CompletableFuture<byte[]>> all = java.util.Collections.synchronizedList(new ArrayList<>());
                for (int t = 0; t < 4; t++) {
                    int seed = t;
                    Thread th = new Thread(() -> {
                        Random r = new Random(seed);
                        started.countDown();
                        try {
                            for (int i = 0; i < 2000; i++) {
                                long off = 4096L * r.nextInt(256);
                                CompletableFuture<byte[]> read = ctx.read(4096, f.getFD(), off);
                                all.add(read.thenApply(b -> {
                                    if (b.length == 4096 && !java.util.Arrays.equals(b, 0, 4096, data, (int) off,
                                            (int) off + 4096)) {
                                        throw new AssertionError("wrong bytes at " + off);
                                    }
                                    return b;
                                }));
                            }
                        } catch (IllegalStateException closed) {
                            // submitted after close(): expected
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                    threads.add(th);
                    th.start();
                }
                started.await();
                Thread.sleep(round % 5);
                ctx.close();
                for (Thread th : threads) {
                    th.join(30_000);
                    assertFalse(th.isAlive());
                }
                List<CompletableFuture<byte[]>> copy;
                synchronized (all) {
                    copy = new ArrayList<>(all);
                }
                for (CompletableFuture<byte[]> read : copy) {
                    try {
                        read.get(30, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.ExecutionException e) {
                        // cancelled by close() is fine; wrong bytes are not
                        assertFalse(e.getCause() instanceof AssertionError, e.getCause().toString());
                    }
                }
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (nativeMemory() != baseline && System.nanoTime() < deadline) {
            Thread.sleep(10); // the last inline delivery frees the engine when it ends
        }
        assertEquals(baseline, nativeMemory(), "native memory after close");
    }
}
