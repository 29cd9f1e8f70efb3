package dev.caio.tck;

import static dev.caio.tck.TckSupport.contentOf;
import static dev.caio.tck.TckSupport.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caio.AsyncFileContext;
import java.io.FileDescriptor;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rules r3: many operations and many threads at once. If these fail, look for shared buffers, lost or duplicated
 * completions, and admission that does not queue beyond {@code maxRequests}.
 *
 * @since 0.1
 */
public interface ConcurrencyRules extends TckSupport {

    /**
     * r3.1 thirty-two 4-byte writes at distinct offsets, then fdsync, then one 128-byte read give the pattern.
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r3.1 thirty-two 4-byte writes at distinct offsets, then fdsync, then one 128-byte read give the pattern")
    default void required_r3_1_thirtyTwoConcurrentWrites(@TempDir Path dir) throws Exception {
        try (AsyncFileContext ctx = context(); RandomAccessFile f = fileWith(dir, new byte[0])) {
            FileDescriptor fd = f.getFD();
            List<CompletableFuture<Integer>> writes = new ArrayList<>();
            byte[] expected = new byte[128];
            for (int i = 0; i < 32; i++) {
                byte[] four = {(byte) i, (byte) (i + 1), (byte) (i + 2), (byte) (i + 3)};
                System.arraycopy(four, 0, expected, i * 4, 4);
                writes.add(ctx.write(four, fd, i * 4L));
            }
            for (CompletableFuture<Integer> w : writes) {
                assertEquals(4, await(w));
            }
            await(ctx.fdsync(fd));
            assertArrayEquals(expected, await(ctx.read(128, fd, 0)));
        }
    }

    /**
     * r3.2 non-overlapping writes from many threads all land, each completion delivered exactly once.
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r3.2 non-overlapping writes from many threads all land, each completion delivered exactly once")
    default void required_r3_2_manyThreadsWriting(@TempDir Path dir) throws Exception {
        int threads = 8;
        int perThread = 64;
        int chunk = 8192;
        try (AsyncFileContext ctx = context(32); RandomAccessFile f = fileWith(dir, new byte[0])) {
            FileDescriptor fd = f.getFD();
            AtomicInteger completions = new AtomicInteger();
            ConcurrentLinkedQueue<CompletableFuture<Integer>> all = new ConcurrentLinkedQueue<>();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int tt = t;
                Thread th = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        int index = tt * perThread + i;
                        CompletableFuture<Integer> w = ctx.write(pattern(chunk, index), fd, (long) index * chunk);
                        w.whenComplete((v, e) -> completions.incrementAndGet());
                        all.add(w);
                    }
                });
                th.start();
                workers.add(th);
            }
            go.countDown();
            for (Thread th : workers) {
                th.join(timeout().toMillis());
            }
            assertEquals(threads * perThread, all.size());
            for (CompletableFuture<Integer> w : all) {
                assertEquals(chunk, await(w));
            }
            byte[] content = contentOf(f);
            for (int index = 0; index < threads * perThread; index++) {
                assertArrayEquals(pattern(chunk, index),
                        Arrays.copyOfRange(content, index * chunk, (index + 1) * chunk), "chunk " + index);
            }
            assertEquals(threads * perThread, completions.get(), "each completion exactly once");
        }
    }

    /**
     * r3.3 interleaved reads and writes of non-overlapping 8 KiB chunks never see each other's bytes.
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r3.3 interleaved reads and writes of non-overlapping 8 KiB chunks never see each other's bytes")
    default void required_r3_3_readsAndWritesDoNotAlias(@TempDir Path dir) throws Exception {
        int chunk = 8192;
        int n = 64;
        byte[] initial = pattern(chunk * n, 99);
        try (AsyncFileContext ctx = context(); RandomAccessFile f = fileWith(dir, initial)) {
            FileDescriptor fd = f.getFD();
            List<CompletableFuture<?>> ops = new ArrayList<>();
            List<Integer> readChunks = new ArrayList<>();
            List<CompletableFuture<byte[]>> reads = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (i % 2 == 0) {
                    ops.add(ctx.write(ByteBuffer.wrap(pattern(chunk, 1000 + i)), fd, (long) i * chunk));
                } else {
                    CompletableFuture<byte[]> r = ctx.read(chunk, fd, (long) i * chunk);
                    reads.add(r);
                    readChunks.add(i);
                    ops.add(r);
                }
            }
            ops.forEach(this::await);
            for (int k = 0; k < reads.size(); k++) {
                int i = readChunks.get(k);
                assertArrayEquals(Arrays.copyOfRange(initial, i * chunk, (i + 1) * chunk), reads.get(k).join());
            }
            byte[] content = contentOf(f);
            for (int i = 0; i < n; i += 2) {
                assertArrayEquals(pattern(chunk, 1000 + i), Arrays.copyOfRange(content, i * chunk, (i + 1) * chunk));
            }
        }
    }

    /**
     * r3.4 with a tiny maxRequests, hundreds of operations queue and all complete; none sees 'queue full'.
     *
     * @param maxRequests the context's limit on admitted operations
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @ParameterizedTest(name = "maxRequests={0}")
    @ValueSource(ints = {1, 2})
    @DisplayName("r3.4 with a tiny maxRequests, hundreds of operations queue and all complete; none sees 'queue full'")
    default void required_r3_4_backpressureQueuesInsteadOfFailing(int maxRequests, @TempDir Path dir) throws Exception {
        int n = 300;
        try (AsyncFileContext ctx = context(maxRequests); RandomAccessFile f = fileWith(dir, new byte[0])) {
            assertEquals(maxRequests, ctx.maxRequests());
            FileDescriptor fd = f.getFD();
            List<CompletableFuture<Integer>> writes = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                writes.add(ctx.write(pattern(512, i), fd, i * 512L));
            }
            List<CompletableFuture<byte[]>> reads = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                assertEquals(512, await(writes.get(i)), "write " + i);
                reads.add(ctx.read(512, fd, i * 512L));
            }
            for (int i = 0; i < n; i++) {
                assertArrayEquals(pattern(512, i), await(reads.get(i)), "read " + i);
            }
        }
    }

    /**
     * r3.5 interrupting the backend's threads while they work never closes the caller's descriptor.
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r3.5 interrupting the backend's threads while they work never closes the caller's descriptor")
    default void required_r3_5_interruptsNeverCloseTheCallersDescriptor(@TempDir Path dir) throws Exception {
        java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (RandomAccessFile f = fileWith(dir, pattern(1 << 20, 35)); AsyncFileContext ctx = context(8)) {
            FileDescriptor fd = f.getFD();
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            Thread interrupter = new Thread(() -> {
                while (!stop.get()) { // the backend's threads are those this context started
                    for (Thread t : Thread.getAllStackTraces().keySet()) {
                        if (!before.contains(t) && t != Thread.currentThread()) {
                            t.interrupt();
                        }
                    }
                    Thread.onSpinWait();
                }
            }, "r3.5-interrupter");
            interrupter.start();
            try {
                List<CompletableFuture<?>> ops = new ArrayList<>();
                for (int i = 0; i < 4000; i++) {
                    long at = (i % 256) * 4096L;
                    ops.add(i % 2 == 0 ? ctx.read(4096, fd, at) : ctx.write(pattern(4096, i), fd, at));
                }
                for (CompletableFuture<?> op : ops) {
                    await(op);
                }
            } finally {
                stop.set(true);
                interrupter.join();
            }
            Thread.interrupted(); // the test thread is one of "before"; clear anything stray all the same
            assertEquals(true, fd.valid(), "the caller's descriptor was closed");
            f.seek(0);
            f.readInt(); // the caller's own I/O still works
            assertEquals(4096, ((byte[]) await(ctx.read(4096, fd, 0))).length, "the context still works");
        }
    }
}
