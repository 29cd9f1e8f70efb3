package dev.caio.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.caio.AsyncFileContext;
import dev.caio.Operation;
import java.io.FileDescriptor;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 64 threads submitting (direct and batch API, reads, writes, syncs, cancellations) while another thread closes the
 * context, 100 times per implementation (1,000 with -Pstress): no crash, no hang (every wait bounded), close()
 * returns, every future is done once close() and the submitters returned, it ended with a value, a cancellation or
 * close's ECANCELED, every successful read returned the file's bytes, and every operation was released.
 */
class CloseRaceTest {
    static final int SUBMITTERS = 64;
    static final int SPAN = 64 * 1024;
    private static Path root;

    @BeforeAll
    static void setUp() throws Exception {
        root = Impls.workDir("close-race");
    }

    @AfterAll
    static void tearDown() {
        Impls.deleteTree(root);
    }

    record Sub(CompletableFuture<?> future, Operation<?> op, long readOffset, ByteBuffer dst) {
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.caio.it.Impls#all")
    void submittersRaceClose(String impl) throws Exception {
        int reps = Impls.scaled(100, 1000);
        Path f = Files.createTempFile(root, impl, ".dat");
        byte[] content = FaultInjectionTest.data(SPAN, 11);
        Files.write(f, content);
        ExecutorService pool = Executors.newFixedThreadPool(SUBMITTERS + 1, r -> {
            Thread t = new Thread(r, "close-race");
            t.setDaemon(true);
            return t;
        });
        long completedOk = 0;
        long cancelledOrClosed = 0;
        long rejected = 0;
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            FileDescriptor fd = raf.getFD();
            for (int rep = 0; rep < reps; rep++) {
                AsyncFileContext ctx = AsyncFileContext.create(impl, 32);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<List<Sub>>> subs = new ArrayList<>();
                long[] rejectedBy = new long[SUBMITTERS];
                for (int t = 0; t < SUBMITTERS; t++) {
                    int me = t;
                    subs.add(pool.submit(() -> {
                        go.await();
                        return submitUntilClosed(ctx, fd, me, rejectedBy);
                    }));
                }
                int delayMicros = ThreadLocalRandom.current().nextInt(0, 800);
                Future<?> closer = pool.submit(() -> {
                    go.await();
                    LockSupport.parkNanos(delayMicros * 1000L);
                    ctx.close();
                    return null;
                });
                go.countDown();
                try {
                    closer.get(Impls.WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    fail(impl + " rep " + rep + ": close() did not return within " + Impls.WAIT_SECONDS + " s");
                }
                List<Sub> all = new ArrayList<>();
                for (Future<List<Sub>> s : subs) {
                    all.addAll(s.get(Impls.WAIT_SECONDS, TimeUnit.SECONDS));
                }
                for (long r : rejectedBy) {
                    rejected += r;
                }
                int notDone = 0;
                for (Sub s : all) {
                    if (!s.future().isDone()) {
                        notDone++;
                    }
                }
                for (Sub s : all) {
                    Object o = Impls.outcome(s.future(), impl + " rep " + rep);
                    if (s.op() != null) {
                        Impls.outcome(s.op().released(), impl + " released() rep " + rep);
                    }
                    if (o instanceof Throwable t) {
                        if (!(t instanceof CancellationException) && !"ECANCELED".equals(Impls.errno(t))
                                && !Impls.isCloseRaceEio(t, impl)) {
                            fail(impl + " rep " + rep + ": unexpected failure " + t, t);
                        }
                        cancelledOrClosed++;
                    } else {
                        completedOk++;
                        if (s.readOffset() >= 0) {
                            byte[] got = o instanceof byte[] b ? b : bytesOf(s.dst());
                            int off = (int) s.readOffset();
                            assertArrayEquals(Arrays.copyOfRange(content, off, off + got.length), got,
                                    impl + " rep " + rep + ": read at " + off);
                        }
                    }
                }
                assertTrue(notDone == 0, impl + " rep " + rep + ": " + notDone
                        + " futures still pending after close() and every submitter returned");
            }
        } catch (Throwable t) {
            pool.shutdownNow(); // the first failure is the one to report, not a pool that cannot stop after it
            throw t;
        }
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(Impls.WAIT_SECONDS, TimeUnit.SECONDS), "submitters did not stop");
        System.out.printf("[caio-it] %s close races: %d reps, %d completed, %d cancelled/closed, %d rejected "
                + "at submit%n", impl, reps, completedOk, cancelledOrClosed, rejected);
    }

    private static byte[] bytesOf(ByteBuffer b) {
        ByteBuffer d = b.duplicate().flip();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }

    private static List<Sub> submitUntilClosed(AsyncFileContext ctx, FileDescriptor fd, int me, long[] rejected) {
        List<Sub> out = new ArrayList<>();
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int i = 0; i < 40; i++) {
            long off = rnd.nextInt(SPAN / 512) * 512L;
            try {
                switch ((me + i) % 6) {
                    case 0 -> out.add(new Sub(ctx.read(512, fd, off), null, off, null));
                    case 1 -> {
                        ByteBuffer d = ByteBuffer.allocateDirect(512);
                        out.add(new Sub(ctx.read(d, fd, off), null, off, d));
                    }
                    case 2 -> {
                        // writes go past the region the reads check
                        out.add(new Sub(ctx.write(new byte[512], fd, SPAN + off), null, -1, null));
                    }
                    case 3 -> {
                        List<Operation<?>> batch = new ArrayList<>();
                        ByteBuffer d = ByteBuffer.allocateDirect(1024);
                        Operation<Integer> r = Operation.read(d, fd, off);
                        Operation<Integer> w = Operation.write(ByteBuffer.allocateDirect(512), fd, 2L * SPAN + off);
                        Operation<Void> s = Operation.fdsync(fd);
                        batch.add(r);
                        batch.add(w);
                        batch.add(s);
                        // registered before submit so a partially admitted batch is still checked
                        out.add(new Sub(r, r, off, d));
                        out.add(new Sub(w, w, -1, null));
                        out.add(new Sub(s, s, -1, null));
                        try {
                            ctx.submit(batch);
                        } catch (IllegalStateException e) {
                            out.remove(out.size() - 1);
                            out.remove(out.size() - 1);
                            out.remove(out.size() - 1);
                            throw e;
                        }
                        if (rnd.nextBoolean()) {
                            ctx.cancel(w);
                        }
                    }
                    case 4 -> {
                        CompletableFuture<byte[]> r = ctx.read(512, fd, off);
                        r.cancel(false);
                        out.add(new Sub(r, null, off, null));
                    }
                    default -> out.add(new Sub(ctx.fsync(fd), null, -1, null));
                }
            } catch (IllegalStateException closed) {
                rejected[me]++;
                break;
            }
        }
        return out;
    }
}
