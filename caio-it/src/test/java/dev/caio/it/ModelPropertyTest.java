package dev.caio.it;

import dev.caio.AsyncFileContext;
import dev.caio.Operation;
import dev.caio.tck.RandomSequences;
import java.io.FileDescriptor;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Model-based property test run on every available implementation: a random sequence of reads, writes (heap array,
 * heap buffer, direct buffer and read-only sources; direct and batch API), fsync/fdsync, cancellations and a close at
 * a random point, spread over {@value #THREADS} submitting threads on one context, checked against a model of the
 * file. Every write uses a pattern that identifies it at every file position ({@link #pattern}), so:
 * <ul>
 *   <li>every future (and every operation's {@code released()}) completes within a bounded wait;</li>
 *   <li>a successful read returns only bytes that are 0 or were put there by a write covering that position, never
 *       0 where a write had already succeeded before the read was submitted, and is short only at end of file;</li>
 *   <li>after the run the file (read with plain JDK I/O) holds every successful write: each position is 0 only if no
 *       successful write covered it, otherwise some covering write's byte, and exactly the write's byte where it
 *       was the only write covering the position;</li>
 *   <li>a heap array or heap buffer read that was cancelled is not written to after its future completed;</li>
 *   <li>after {@code close()}, submitting throws {@link IllegalStateException} and every future is already done.</li>
 * </ul>
 * The same generated sequence is run on each implementation in turn (so a try is also a differential test).
 * Default: 30 tries of up to 50 actions ({@code -Dcaio.it.tries=N} or {@code -Pstress} raises the tries); a failure
 * is shrunk and names the seed that reruns it ({@link RandomSequences}).
 */
class ModelPropertyTest {
    static final int THREADS = 3;
    static final int SPAN = 64 * 1024;
    static final int MAX_LEN = 8192;

    enum Source { HEAP_ARRAY, HEAP_BUFFER, DIRECT_BUFFER, READ_ONLY_HEAP, READ_ONLY_DIRECT }

    enum Sink { HEAP_ARRAY, HEAP_BUFFER, DIRECT_BUFFER }

    sealed interface Action permits Write, Read, Sync, Cancel, Close {
        int thread();
    }

    record Write(int thread, long offset, int len, Source source, boolean batch) implements Action {
    }

    record Read(int thread, long offset, int len, Sink sink, boolean batch) implements Action {
    }

    record Sync(int thread, boolean data, boolean batch) implements Action {
    }

    /** Cancels this thread's {@code back}-th most recent operation, through the future or through the context. */
    record Cancel(int thread, int back, boolean viaContext) implements Action {
    }

    record Close(int thread) implements Action {
    }

    /** The byte write {@code id} puts at file position {@code p}: 1..255, distinct for ids that differ mod 255. */
    static byte pattern(int id, long p) {
        return (byte) (1 + Math.floorMod(id * 131L + p * 7 + (p >>> 9) * 13, 255));
    }

    private static Path root;

    @BeforeAll
    static void setUp() throws Exception {
        root = Impls.workDir("model");
    }

    @AfterAll
    static void tearDown() {
        Impls.deleteTree(root);
    }

    @Test
    void everyImplementationMatchesTheModel() {
        RandomSequences.check(Integer.getInteger("caio.it.tries", 30), ModelPropertyTest::actions,
                RandomSequences::withoutChunks, seq -> {
                    for (String impl : Impls.available()) {
                        new Run(impl, seq).execute();
                    }
                });
    }

    /** 1 to 50 actions, with a close at a random point (or none, when the point falls after the end). */
    static List<Action> actions(Random r) {
        List<Action> seq = new ArrayList<>();
        for (int n = 1 + r.nextInt(50); n > 0; n--) {
            int thread = r.nextInt(THREADS);
            int kind = r.nextInt(13);
            if (kind < 5) {
                seq.add(new Write(thread, offset(r), len(r), pick(r, Source.values()), r.nextBoolean()));
            } else if (kind < 10) {
                long at = r.nextInt(9) < 8 ? offset(r) : SPAN + (long) r.nextInt(2 * MAX_LEN + 1);
                seq.add(new Read(thread, at, len(r), pick(r, Sink.values()), r.nextBoolean()));
            } else if (kind < 11) {
                seq.add(new Sync(thread, r.nextBoolean(), r.nextBoolean()));
            } else {
                seq.add(new Cancel(thread, r.nextInt(5), r.nextBoolean()));
            }
        }
        int closeAt = r.nextInt(61);
        if (closeAt < seq.size()) {
            seq.add(closeAt, new Close(closeAt % THREADS));
        }
        return seq;
    }

    /** Any offset in the span (3 in 4) or a page boundary. */
    private static long offset(Random r) {
        return r.nextInt(4) < 3 ? r.nextInt(SPAN + 1) : r.nextInt(SPAN / 4096 + 1) * 4096L;
    }

    /** Mostly any length, sometimes an edge: 0, 1, a page, the largest. */
    private static int len(Random r) {
        return r.nextInt(7) < 6 ? 1 + r.nextInt(MAX_LEN) : pick(r, new Integer[] {0, 1, 4096, MAX_LEN});
    }

    private static <T> T pick(Random r, T[] values) {
        return values[r.nextInt(values.length)];
    }

    /** What one submitted action left behind. */
    static final class Rec {
        final int id;               // index in the sequence; write ids are id + 1
        final Action action;
        CompletableFuture<?> future;
        Operation<?> op;            // for the batch API
        ByteBuffer buffer;          // the read sink or write source
        int bufferStart;
        byte[] heapReadTarget;      // heap array/buffer of a read, to check it is not written after completion
        volatile byte[] snapshotAtCompletion;
        List<Rec> committedBefore = List.of(); // writes that had succeeded before this read was submitted

        Rec(int id, Action action) {
            this.id = id;
            this.action = action;
        }

        int writeId() {
            return id + 1;
        }

        boolean succeeded() {
            return future.isDone() && !future.isCompletedExceptionally();
        }

        long start() {
            return action instanceof Write w ? w.offset() : ((Read) action).offset();
        }

        long end() {
            return action instanceof Write w ? w.offset() + w.len() : ((Read) action).offset() + ((Read) action).len();
        }

        /** How far this write certainly extends the file once it succeeded (a 0-byte pwrite extends nothing). */
        long extent() {
            return end() > start() ? end() : 0;
        }

        boolean covers(long p) {
            return p >= start() && p < end();
        }
    }

    final class Run {
        final String impl;
        final List<Action> seq;
        final List<Rec> writes = new CopyOnWriteArrayList<>();
        final List<Rec> all = new CopyOnWriteArrayList<>();
        final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        final AtomicBoolean closing = new AtomicBoolean(); // close() has been called
        final AtomicBoolean closed = new AtomicBoolean();  // close() has returned

        Run(String impl, List<Action> seq) {
            this.impl = impl;
            this.seq = seq;
        }

        void execute() throws Exception {
            Path file = Files.createTempFile(root, impl + "-", ".dat");
            AsyncFileContext ctx = AsyncFileContext.create(impl, 16);
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                FileDescriptor fd = raf.getFD();
                CountDownLatch go = new CountDownLatch(1);
                List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int me = t;
                    Thread th = new Thread(() -> {
                        try {
                            go.await();
                            runThread(me, ctx, fd);
                        } catch (Throwable e) {
                            problems.add("thread " + me + " died: " + e);
                        }
                    }, "model-" + impl + "-" + t);
                    th.start();
                    threads.add(th);
                }
                go.countDown();
                for (Thread th : threads) {
                    th.join(TimeUnit.SECONDS.toMillis(Impls.WAIT_SECONDS));
                    if (th.isAlive()) {
                        problems.add(th.getName() + " still running after " + Impls.WAIT_SECONDS + " s");
                    }
                }
                if (closed.get()) {
                    for (Rec r : all) {
                        if (!r.future.isDone()) {
                            problems.add("after close() returned, future of " + r.action + " is not done");
                        }
                    }
                }
                for (Rec r : all) {
                    Impls.outcome(r.future, impl + " " + r.action);
                    if (r.op != null) {
                        Impls.outcome(r.op.released(), impl + " released() of " + r.action);
                    }
                }
                if (!closed.get()) {
                    ctx.close();
                }
                for (Rec r : all) {
                    checkOutcome(r);
                }
                byte[] content = Files.readAllBytes(file);
                checkFile(content);
            } finally {
                ctx.close();
                Files.deleteIfExists(file);
            }
            if (!problems.isEmpty()) {
                throw new AssertionError(impl + ": " + problems.size() + " violation(s) for " + seq + "\n  "
                        + String.join("\n  ", problems.stream().limit(20).toList()));
            }
        }

        void runThread(int me, AsyncFileContext ctx, FileDescriptor fd) {
            List<Rec> mine = new ArrayList<>();
            for (int i = 0; i < seq.size(); i++) {
                Action a = seq.get(i);
                if (a.thread() != me) {
                    continue;
                }
                if (a instanceof Close) {
                    closing.set(true);
                    ctx.close();
                    closed.set(true);
                    continue;
                }
                if (a instanceof Cancel c) {
                    if (mine.isEmpty()) {
                        continue;
                    }
                    Rec victim = mine.get(Math.max(0, mine.size() - 1 - c.back()));
                    if (c.viaContext() && victim.op != null) {
                        try {
                            ctx.cancel(victim.op);
                        } catch (IllegalStateException e) {
                            if (!closing.get()) {
                                problems.add("cancel before close threw " + e);
                            }
                        }
                    } else {
                        victim.future.cancel(false);
                    }
                    continue;
                }
                Rec r = new Rec(i, a);
                boolean closedBefore = closed.get();
                try {
                    submit(r, ctx, fd);
                } catch (IllegalStateException e) {
                    if (!closing.get()) {
                        problems.add(a + ": submit threw " + e + " though the context was not closed");
                    }
                    continue;
                } catch (RuntimeException e) {
                    problems.add(a + ": submit threw " + e);
                    continue;
                }
                if (closedBefore) {
                    problems.add(a + ": submit after close() did not throw IllegalStateException");
                }
                mine.add(r);
                all.add(r);
                if (a instanceof Write) {
                    writes.add(r);
                }
            }
        }

        void submit(Rec r, AsyncFileContext ctx, FileDescriptor fd) {
            if (r.action instanceof Write w) {
                byte[] data = new byte[w.len()];
                for (int k = 0; k < data.length; k++) {
                    data[k] = pattern(r.writeId(), w.offset() + k);
                }
                ByteBuffer src = switch (w.source()) {
                    case HEAP_ARRAY -> null;
                    case HEAP_BUFFER -> ByteBuffer.wrap(data);
                    case DIRECT_BUFFER -> ByteBuffer.allocateDirect(data.length).put(data).flip();
                    case READ_ONLY_HEAP -> ByteBuffer.wrap(data).asReadOnlyBuffer();
                    case READ_ONLY_DIRECT -> ByteBuffer.allocateDirect(data.length).put(data).flip().asReadOnlyBuffer();
                };
                r.buffer = src;
                if (w.batch()) {
                    Operation<Integer> op = src == null ? Operation.write(data, fd, w.offset())
                            : Operation.write(src, fd, w.offset());
                    r.op = op;
                    r.future = op;
                    ctx.submit(op);
                } else {
                    r.future = src == null ? ctx.write(data, fd, w.offset()) : ctx.write(src, fd, w.offset());
                }
            } else if (r.action instanceof Read rd) {
                List<Rec> committed = new ArrayList<>();
                for (Rec w : writes) {
                    if (w.succeeded()) {
                        committed.add(w);
                    }
                }
                r.committedBefore = committed;
                ByteBuffer dst = switch (rd.sink()) {
                    case HEAP_ARRAY -> null;
                    case HEAP_BUFFER -> ByteBuffer.allocate(rd.len() + 16).position(7).limit(7 + rd.len());
                    case DIRECT_BUFFER -> ByteBuffer.allocateDirect(rd.len() + 16).position(9).limit(9 + rd.len());
                };
                r.buffer = dst;
                if (dst != null) {
                    r.bufferStart = dst.position();
                    if (dst.hasArray()) {
                        r.heapReadTarget = dst.array();
                    }
                }
                if (rd.batch()) {
                    Operation<?> op = dst == null ? Operation.read(rd.len(), fd, rd.offset())
                            : Operation.read(dst, fd, rd.offset());
                    r.op = op;
                    r.future = op;
                    watchHeapTarget(r);
                    ctx.submit(op);
                } else {
                    r.future = dst == null ? ctx.read(rd.len(), fd, rd.offset()) : ctx.read(dst, fd, rd.offset());
                    watchHeapTarget(r);
                }
            } else if (r.action instanceof Sync s) {
                if (s.batch()) {
                    Operation<Void> op = s.data() ? Operation.fdsync(fd) : Operation.fsync(fd);
                    r.op = op;
                    r.future = op;
                    ctx.submit(op);
                } else {
                    r.future = s.data() ? ctx.fdsync(fd) : ctx.fsync(fd);
                }
            }
        }

        /** Snapshots a heap read target when its future ends other than successfully (cancelled). */
        void watchHeapTarget(Rec r) {
            if (r.heapReadTarget != null) {
                r.future.whenComplete((v, e) -> {
                    if (e != null) {
                        r.snapshotAtCompletion = r.heapReadTarget.clone();
                    }
                });
            }
        }

        void checkOutcome(Rec r) {
            Object o = Impls.outcome(r.future, impl + " " + r.action);
            if (o instanceof Throwable t) {
                boolean cancelled = t instanceof java.util.concurrent.CancellationException;
                // close() fails what it drains or abandons with ECANCELED
                boolean closedFailure = closing.get() && ("ECANCELED".equals(Impls.errno(t))
                        || Impls.isCloseRaceEio(t, impl));
                if (!cancelled && !closedFailure) {
                    problems.add(r.action + " failed unexpectedly: " + t);
                }
                if (r.snapshotAtCompletion != null && !Arrays.equals(r.snapshotAtCompletion, r.heapReadTarget)) {
                    problems.add(r.action + ": heap read target changed after its future completed (" + t + ")");
                }
                return;
            }
            if (r.action instanceof Write w) {
                if (!Integer.valueOf(w.len()).equals(o)) {
                    problems.add(w + " completed with " + o + ", expected " + w.len());
                }
                if (r.buffer != null && r.buffer.hasRemaining()) {
                    problems.add(w + ": source position not advanced to its limit: " + r.buffer);
                }
            } else if (r.action instanceof Read rd) {
                byte[] got;
                if (r.buffer == null) {
                    got = (byte[]) o;
                } else {
                    int n = (Integer) o;
                    if (r.buffer.position() != r.bufferStart + n) {
                        problems.add(rd + ": buffer position " + r.buffer.position() + " after reading " + n);
                    }
                    got = new byte[Math.max(0, Math.min(n, rd.len()))];
                    r.buffer.duplicate().position(r.bufferStart).get(got);
                    if (n > rd.len() || n < 0) {
                        problems.add(rd + ": read count " + n + " outside 0.." + rd.len());
                    }
                }
                if (got.length > rd.len()) {
                    problems.add(rd + ": returned " + got.length + " bytes");
                    return;
                }
                long committedEnd = 0;
                for (Rec w : r.committedBefore) {
                    committedEnd = Math.max(committedEnd, w.extent());
                }
                long mustHave = Math.min(rd.len(), Math.max(0, committedEnd - rd.offset()));
                if (got.length < mustHave) {
                    problems.add(rd + ": short read of " + got.length + " bytes though writes completed before it "
                            + "made the file " + committedEnd + " bytes long");
                }
                for (int k = 0; k < got.length; k++) {
                    long p = rd.offset() + k;
                    byte v = got[k];
                    String bad = checkByte(p, v, r.committedBefore, writes);
                    if (bad != null) {
                        problems.add(rd + " byte at " + p + ": " + bad);
                        return;
                    }
                }
            }
        }

        /** Null if {@code v} may be at {@code p}, given the writes that certainly landed and all that may have. */
        String checkByte(long p, byte v, List<Rec> certain, List<Rec> possible) {
            if (v == 0) {
                for (Rec w : certain) {
                    if (w.covers(p)) {
                        return "0, but write " + w.writeId() + " " + w.action + " had succeeded over it";
                    }
                }
                return null;
            }
            for (Rec w : possible) {
                if (w.covers(p) && pattern(w.writeId(), p) == v) {
                    return null;
                }
            }
            return "0x" + Integer.toHexString(v & 0xff) + " written by no write covering it";
        }

        void checkFile(byte[] content) {
            List<Rec> ok = new ArrayList<>();
            long okEnd = 0;
            for (Rec w : writes) {
                if (w.succeeded()) {
                    ok.add(w);
                    okEnd = Math.max(okEnd, w.extent());
                }
            }
            if (content.length < okEnd) {
                problems.add("file is " + content.length + " bytes, but successful writes reach " + okEnd);
            }
            for (int p = 0; p < content.length; p++) {
                String bad = checkByte(p, content[p], ok, writes);
                if (bad == null) {
                    Rec only = null;
                    int covering = 0;
                    for (Rec w : writes) {
                        if (w.covers(p)) {
                            covering++;
                            only = w;
                        }
                    }
                    if (covering == 1 && only.succeeded() && content[p] != pattern(only.writeId(), p)) {
                        bad = "not the byte of its only (successful) write " + only.action;
                    }
                }
                if (bad != null) {
                    problems.add("file byte at " + p + ": " + bad);
                    return;
                }
            }
        }
    }
}
