package dev.caio.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.caio.AsyncFileContext;
import dev.caio.CaioIOException;
import dev.caio.Operation;
import dev.caio.tck.SystemChange;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.TestAbortedException;

/** Real faults (no mocks) on every available implementation. */
class FaultInjectionTest {
    private static Path root;

    @BeforeAll
    static void setUp() throws Exception {
        root = Impls.workDir("faults");
    }

    @AfterAll
    static void tearDown() {
        Impls.deleteTree(root);
    }

    static byte[] data(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (1 + Math.floorMod(i * 31 + (i >>> 10) * 7 + seed * 131, 255));
        }
        return b;
    }

    static boolean isRoot() throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("Uid:")) {
                return l.split("\\s+")[1].equals("0");
            }
        }
        return false;
    }


    // ------------------------------------------------------------------ (a) ENOSPC

    /**
     * A 1 MiB tmpfs filled through the context: ENOSPC fails the future, the context stays usable, data intact. Tagged
     * system: it mounts a file system, so it runs only with -Psystem-tests (docs/testing.md).
     */
    @Tag("system")
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.caio.it.Impls#all")
    void fullFileSystemFailsWithEnospcAndLosesNothing(String impl) throws Exception {
        assumeTrue(isRoot(), "needs root to mount a small tmpfs (CI runs as root)");
        Path mnt = Files.createTempDirectory(root, "tmpfs-");
        SystemChange tmpfs;
        try {
            // Unmounted by a guardian process even if this JVM is killed.
            tmpfs = SystemChange.tmpfs(mnt, "size=1m");
        } catch (IOException e) {
            throw new TestAbortedException("cannot mount a tmpfs here: " + e.getMessage());
        }
        try (tmpfs;
             AsyncFileContext ctx = AsyncFileContext.create(impl, 64);
             RandomAccessFile raf = new RandomAccessFile(mnt.resolve("fill").toFile(), "rw")) {
            FileDescriptor fd = raf.getFD();
            int chunk = 64 * 1024;
            long written = 0;
            Object failure = null;
            for (int i = 0; i < 64 && failure == null; i++) {
                byte[] c = data(chunk, i);
                CompletableFuture<Integer> f = i % 2 == 0 ? ctx.write(c, fd, written)
                        : ctx.write(ByteBuffer.allocateDirect(chunk).put(c).flip(), fd, written);
                Object o = Impls.outcome(f, "write " + i);
                if (o instanceof Throwable) {
                    failure = o;
                } else {
                    assertEquals(chunk, o);
                    written += chunk;
                }
            }
            assertInstanceOf(CaioIOException.class, failure, "a full 1 MiB tmpfs must fail a write");
            assertEquals("ENOSPC", ((CaioIOException) failure).errnoName(), String.valueOf(failure));
            assertTrue(written > 0 && written <= 1024 * 1024, "written " + written);

            // Still full: fails the same way again (nothing poisoned).
            Object again = Impls.outcome(ctx.write(data(chunk, 99), fd, written + chunk), "second write");
            assertEquals("ENOSPC", Impls.errno(again), String.valueOf(again));

            // The context stays usable: reads, an overwrite of allocated pages, syncs.
            byte[] first = (byte[]) Impls.outcome(ctx.read(chunk, fd, 0), "read back");
            assertArrayEquals(data(chunk, 0), first);
            assertEquals(4096, Impls.outcome(ctx.write(data(4096, 7), fd, chunk), "overwrite"));
            assertEquals(null, Impls.outcome(ctx.fsync(fd), "fsync"));
            assertEquals(null, Impls.outcome(ctx.fdsync(fd), "fdsync"));

            // Nothing already written is lost (plain JDK I/O).
            byte[] all = Files.readAllBytes(mnt.resolve("fill"));
            assertTrue(all.length >= written, "file shrank to " + all.length + " < " + written);
            for (int i = 0; i < written / chunk; i++) {
                byte[] expect = data(chunk, i);
                if (i == 1) {
                    System.arraycopy(data(4096, 7), 0, expect, 0, 4096);
                }
                assertArrayEquals(expect, Arrays.copyOfRange(all, i * chunk, (i + 1) * chunk), "chunk " + i);
            }
        }
    }

    // ------------------------------------------------------------------ (b) descriptor closed in flight

    /** Many reads in flight while another thread closes the descriptor: all complete, failures are EBADF. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.caio.it.Impls#all")
    void descriptorClosedWhileReadsAreInFlight(String impl) throws Exception {
        Path f = Files.createTempFile(root, impl, ".dat");
        int size = 1 << 20;
        byte[] content = data(size, 3);
        Files.write(f, content);
        int ok = 0;
        int ebadf = 0;
        for (int round = 0; round < 5; round++) {
            try (AsyncFileContext ctx = AsyncFileContext.create(impl, 32)) {
                RandomAccessFile raf = new RandomAccessFile(f.toFile(), "r");
                FileDescriptor fd = raf.getFD();
                List<CompletableFuture<?>> futures = new ArrayList<>();
                List<Long> offsets = new ArrayList<>();
                List<ByteBuffer> bufs = new ArrayList<>();
                CountDownLatch half = new CountDownLatch(1);
                Thread closer = new Thread(() -> {
                    try {
                        half.await();
                        raf.close();
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                closer.start();
                Random rnd = new Random(round);
                for (int i = 0; i < 2000; i++) {
                    long off = rnd.nextInt(size / 4096) * 4096L;
                    offsets.add(off);
                    try {
                        if (i % 3 == 0) {
                            ByteBuffer b = ByteBuffer.allocateDirect(4096);
                            bufs.add(b);
                            futures.add(ctx.read(b, fd, off));
                        } else if (i % 3 == 1) {
                            bufs.add(null);
                            Operation<byte[]> op = Operation.read(4096, fd, off);
                            ctx.submit(op);
                            futures.add(op);
                        } else {
                            bufs.add(null);
                            futures.add(ctx.read(4096, fd, off));
                        }
                    } catch (RuntimeException e) {
                        fail("submitting on a closed descriptor must not throw, it completes the future: " + e);
                    }
                    if (i == 300 + round * 200) {
                        half.countDown();
                    }
                }
                closer.join(TimeUnit.SECONDS.toMillis(Impls.WAIT_SECONDS));
                for (int i = 0; i < futures.size(); i++) {
                    Object o = Impls.outcome(futures.get(i), impl + " read " + i);
                    if (o instanceof Throwable t) {
                        assertEquals("EBADF", Impls.errno(t), () -> impl + " read " + " failed with " + t);
                        ebadf++;
                        continue;
                    }
                    byte[] got;
                    if (o instanceof byte[] b) {
                        got = b;
                    } else {
                        ByteBuffer b = bufs.get(i).flip();
                        got = new byte[b.remaining()];
                        b.get(got);
                    }
                    long off = offsets.get(i);
                    assertArrayEquals(Arrays.copyOfRange(content, (int) off, (int) off + 4096), got,
                            impl + " read at " + off + " returned other bytes (descriptor reused?)");
                    ok++;
                }
                // The context is still fine with a fresh descriptor.
                try (RandomAccessFile again = new RandomAccessFile(f.toFile(), "r")) {
                    assertArrayEquals(Arrays.copyOf(content, 100),
                            (byte[]) Impls.outcome(ctx.read(100, again.getFD(), 0), "read after"));
                }
            }
        }
        assertTrue(ebadf > 0, impl + ": no read saw the closed descriptor (ok=" + ok + ")");
        System.out.printf("[caio-it] %s closed-descriptor: %d ok, %d EBADF%n", impl, ok, ebadf);
    }

    // ------------------------------------------------------------------ (c) read-only / write-only in one batch

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.caio.it.Impls#all")
    void mixedBatchOnReadOnlyAndWriteOnlyDescriptors(String impl) throws Exception {
        Path f = Files.createTempFile(root, impl, ".dat");
        try (FileOutputStream wo = new FileOutputStream(f.toFile()); // O_WRONLY|O_TRUNC on the empty file
             RandomAccessFile rw = new RandomAccessFile(f.toFile(), "rw");
             RandomAccessFile ro = new RandomAccessFile(f.toFile(), "r");
             AsyncFileContext ctx = AsyncFileContext.create(impl, 8)) {
            rw.write(data(8192, 1));
            FileDescriptor r = ro.getFD();
            FileDescriptor w = wo.getFD();
            Operation<Integer> writeOnReadOnly = Operation.write(data(100, 2), r, 0);
            Operation<byte[]> readOnWriteOnly = Operation.read(100, w, 0);
            Operation<Integer> readIntoDirectOnWriteOnly = Operation.read(ByteBuffer.allocateDirect(64), w, 0);
            Operation<byte[]> readOnReadOnly = Operation.read(100, r, 0);
            Operation<Integer> writeOnWriteOnly = Operation.write(ByteBuffer.wrap(data(100, 3)).asReadOnlyBuffer(),
                    w, 4096);
            Operation<Void> fsyncReadOnly = Operation.fsync(r);
            Operation<Void> fdsyncWriteOnly = Operation.fdsync(w);
            assertEquals(7, ctx.submit(writeOnReadOnly, readOnWriteOnly, readIntoDirectOnWriteOnly, readOnReadOnly,
                    writeOnWriteOnly, fsyncReadOnly, fdsyncWriteOnly));
            assertEquals("EBADF", Impls.errno(Impls.outcome(writeOnReadOnly, "write on O_RDONLY")));
            assertEquals("EBADF", Impls.errno(Impls.outcome(readOnWriteOnly, "read on O_WRONLY")));
            assertEquals("EBADF", Impls.errno(Impls.outcome(readIntoDirectOnWriteOnly, "read on O_WRONLY")));
            assertArrayEquals(data(100, 1), (byte[]) Impls.outcome(readOnReadOnly, "read on O_RDONLY"));
            assertEquals(100, Impls.outcome(writeOnWriteOnly, "write on O_WRONLY"));
            assertEquals(null, Impls.outcome(fsyncReadOnly, "fsync on O_RDONLY"));
            assertEquals(null, Impls.outcome(fdsyncWriteOnly, "fdsync on O_WRONLY"));
            for (Operation<?> op : List.of(writeOnReadOnly, readOnWriteOnly, readIntoDirectOnWriteOnly,
                    readOnReadOnly, writeOnWriteOnly, fsyncReadOnly, fdsyncWriteOnly)) {
                Impls.outcome(op.released(), "released " + op);
            }
            byte[] all = Files.readAllBytes(f);
            assertArrayEquals(data(100, 3), Arrays.copyOfRange(all, 4096, 4196));
            assertArrayEquals(Arrays.copyOf(data(8192, 1), 4096), Arrays.copyOf(all, 4096), "EBADF write landed");
        }
    }

    // ------------------------------------------------------------------ (d) truncated under reads

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.caio.it.Impls#all")
    void readsOfATruncatedFileAreShortOrEmpty(String impl) throws Exception {
        Path f = Files.createTempFile(root, impl, ".dat");
        int size = 1 << 20;
        byte[] content = data(size, 5);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw");
             AsyncFileContext ctx = AsyncFileContext.create(impl, 32)) {
            FileDescriptor fd = raf.getFD();
            raf.write(content);
            // Deterministic: truncate, then read across and past the new end.
            int cut = 100_000;
            raf.setLength(cut);
            assertEquals(0, ((byte[]) Impls.outcome(ctx.read(8192, fd, 200_000), "past end")).length);
            assertArrayEquals(Arrays.copyOfRange(content, 98_304, cut),
                    (byte[]) Impls.outcome(ctx.read(8192, fd, 98_304), "across end"));
            ByteBuffer d = ByteBuffer.allocateDirect(8192);
            assertEquals(0, Impls.outcome(ctx.read(d, fd, cut), "direct at end"));
            assertEquals(0, d.position());

            // Racing: many reads in flight while the file is truncated under them.
            raf.setLength(0);
            raf.seek(0);
            raf.write(content);
            int newSize = 300_000 + 123;
            Random rnd = new Random(7);
            List<CompletableFuture<byte[]>> fs = new ArrayList<>();
            List<Long> offs = new ArrayList<>();
            for (int i = 0; i < 1500; i++) {
                long off = rnd.nextInt(size - 100);
                offs.add(off);
                fs.add(ctx.read(8192, fd, off));
                if (i == 400) {
                    raf.setLength(newSize);
                }
            }
            int shortOrEmpty = 0;
            for (int i = 0; i < fs.size(); i++) {
                Object o = Impls.outcome(fs.get(i), "read " + i);
                assertInstanceOf(byte[].class, o, () -> "a read of a truncated file failed: " + o);
                byte[] got = (byte[]) o;
                long off = offs.get(i);
                int full = (int) Math.min(8192, size - off);
                int truncated = (int) Math.max(0, Math.min(8192, newSize - off));
                assertTrue(got.length >= truncated && got.length <= full,
                        "read at " + off + " returned " + got.length + " bytes, expected " + truncated + ".." + full);
                if (got.length < full) {
                    shortOrEmpty++;
                }
                for (int k = 0; k < got.length; k++) {
                    long p = off + k;
                    if (got[k] != content[(int) p] && !(p >= newSize && got[k] == 0)) {
                        fail("read at " + off + ": byte at " + p + " is " + got[k] + ", not " + content[(int) p]);
                    }
                }
            }
            assertTrue(shortOrEmpty > 0, "no read saw the truncation");
        }
    }

    // ------------------------------------------------------------------ (e) RLIMIT_NOFILE

    /** In a child JVM under {@code prlimit --nofile=256}: exhaust descriptors, then create and use contexts. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.caio.it.Impls#all")
    void descriptorExhaustionFailsCleanlyAndRecovers(String impl) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")), "needs prlimit(1) from util-linux");
        Path f = Files.createTempFile(root, impl, ".dat");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/prlimit", "--nofile=256:256"));
        cmd.addAll(ChildJvm.command(root));
        cmd.addAll(List.of(NofileChild.class.getName(), impl, f.toString()));
        String out = ChildJvm.run(cmd, null, Map.of());
        assertTrue(out.contains("HOARD "), out);
        assertTrue(out.contains("AFTER ok"), out);
        assertTrue(!out.contains("NOT-CLEAN"), out);
    }
}
