package dev.caio.nio;

import static dev.caio.nio.Differential.options;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import dev.caio.AsyncFileContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.CompletionHandler;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Closing a {@link CaioFileChannel} or {@link CaioAsynchronousFileChannel} while other threads read and write through
 * it, on every implementation available here, must end every call with its correct result or with {@link
 * AsynchronousCloseException} / {@link ClosedChannelException} (never another failure, never a hang), must fail
 * every later call with {@link ClosedChannelException}, and must never let an operation reach a file opened right
 * after the close, which may receive the released descriptor number.
 */
@ExtendWith(Contexts.class)
class ChannelCloseRaceTest {
    private static final int SIZE = 1 << 20;
    private static final int BLOCK = 4096;
    /** Writes go to the blocks of the first {@value} bytes; reads anywhere. */
    private static final int REGION = 256 << 10;
    private static final int WORKERS = 4;
    private static final int ROUNDS = 20;
    /** How many files the closer opens right after the close, to catch a recycled descriptor number. */
    private static final int NEWCOMERS = 4;
    private static final long MAX_CLOSE_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(4);
    /** Bounds the wait for a future or handler, far beyond any healthy run: reached, it is a hang. */
    private static final long CALL_SECONDS = 10;
    /** Bounds the wait for a round's threads, likewise. */
    private static final long ROUND_SECONDS = 30;
    private static final byte[] ORIGINAL = new byte[SIZE];

    static {
        for (int i = 0; i < SIZE; i++) {
            ORIGINAL[i] = original(i);
        }
    }

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("dev.caio.nio.Contexts#implementations")
    void fileChannelCallsRacingCloseEndCleanly(String impl) throws Exception {
        race(impl, (ctx, file) -> new Blocking(CaioFileChannel.open(ctx, file, options(READ, WRITE))));
    }

    @ParameterizedTest
    @MethodSource("dev.caio.nio.Contexts#implementations")
    void asyncFuturesRacingCloseEndCleanly(String impl) throws Exception {
        race(impl, (ctx, file) -> new Futures(
                CaioAsynchronousFileChannel.open(ctx, file, options(READ, WRITE), null)));
    }

    @ParameterizedTest
    @MethodSource("dev.caio.nio.Contexts#implementations")
    void asyncHandlersRacingCloseEndCleanly(String impl) throws Exception {
        race(impl, (ctx, file) -> new Handlers(
                CaioAsynchronousFileChannel.open(ctx, file, options(READ, WRITE), null)));
    }

    private void race(String impl, Opener opener) throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Path file = Files.write(dir.resolve("original-" + round), ORIGINAL);
            new Round(impl + ", round " + round, round, opener.open(Contexts.of(impl), file), file).run();
            Files.delete(file);
        }
    }

    // ------------------------------------------------------------------ one race

    /** Workers calling the channel until it is closed under them, a closer, and the checks afterwards. */
    private final class Round {
        private final String name;
        private final long seed;
        private final Access channel;
        private final Path file;
        private final CountDownLatch started = new CountDownLatch(WORKERS);
        /** Set once {@code close()} has returned: a call that begins after it must see a closed channel. */
        private volatile boolean closed;
        /** Blocks whose write completed: they must hold the written pattern at the end. */
        private final Set<Integer> written = ConcurrentHashMap.newKeySet();
        /** Files opened right after the close, open until checked so that their descriptor numbers stay taken. */
        private final List<FileChannel> newcomers = new ArrayList<>();
        private final List<Path> newcomerPaths = new ArrayList<>();
        private final Queue<Throwable> problems = new ConcurrentLinkedQueue<>();

        Round(String name, long seed, Access channel, Path file) {
            this.name = name;
            this.seed = seed;
            this.channel = channel;
            this.file = file;
        }

        void run() throws Exception {
            List<Thread> threads = new ArrayList<>();
            threads.add(thread("race-closer", this::closeThenOpenOthers)); // first: a close that hangs shows as such
            for (int w = 0; w < WORKERS; w++) {
                int id = w;
                threads.add(thread("race-worker-" + w, () -> work(id)));
            }
            joinAll(threads, name);
            try {
                for (int i = 0; i < newcomers.size(); i++) {
                    long size = newcomers.get(i).size();
                    if (size != 0) {
                        problem(newcomerPaths.get(i).getFileName() + ", opened after the close, received " + size
                                + " bytes: an operation of the closed channel reached its recycled descriptor");
                    }
                }
                checkOriginal();
            } finally {
                for (FileChannel c : newcomers) {
                    c.close();
                }
            }
            if (!problems.isEmpty()) {
                AssertionError e = new AssertionError(problems.size() + " problem(s), the first: "
                        + problems.peek().getMessage());
                problems.forEach(e::addSuppressed);
                throw e;
            }
        }

        /** Reads and writes until the close ends a call; the next call must then see a closed channel. */
        private void work(int id) {
            SplittableRandom random = new SplittableRandom(seed * WORKERS + id);
            ByteBuffer buffer = id % 2 == 0 ? ByteBuffer.allocateDirect(BLOCK) : ByteBuffer.allocate(BLOCK);
            started.countDown();
            try {
                while (call(random, buffer, closed)) {
                    // until a close ends a call
                }
                call(random, buffer, true);
            } catch (Throwable t) {
                problem(Thread.currentThread().getName() + ": unexpected " + t, t);
            }
        }

        /**
         * One random read or write; true if it returned (its result checked), false if a close ended it, with exactly
         * {@link AsynchronousCloseException} or {@link ClosedChannelException} (no thread is interrupted here). On a
         * channel known to be closed (its {@code close()} returned, or a close ended an earlier call of this thread) it
         * must fail with exactly {@link ClosedChannelException}.
         */
        private boolean call(SplittableRandom random, ByteBuffer buffer, boolean onClosed) throws Exception {
            boolean write = random.nextInt(4) == 0;
            long at = write ? (long) BLOCK * random.nextInt(REGION / BLOCK) : random.nextLong(SIZE - BLOCK + 1);
            String what = Thread.currentThread().getName() + ": " + (write ? "write @ " : "read @ ") + at;
            int n;
            try {
                n = write ? channel.write(written(buffer, at), at) : channel.read(buffer.clear(), at);
            } catch (ClosedChannelException e) {
                Class<?> kind = e.getClass();
                if (onClosed && kind != ClosedChannelException.class) {
                    problem(what + " on a closed channel threw " + e + " instead of ClosedChannelException", e);
                } else if (kind != ClosedChannelException.class && kind != AsynchronousCloseException.class) {
                    problem(what + " threw " + e + " instead of AsynchronousCloseException", e);
                }
                return false;
            }
            if (onClosed) {
                problem(what + " on a closed channel gave " + n + " instead of ClosedChannelException");
            }
            if (n != BLOCK) {
                problem(what + " gave " + n + " instead of " + BLOCK);
            } else if (write) {
                written.add((int) (at / BLOCK));
            } else {
                checkRead(buffer.flip(), at, what);
            }
            return true;
        }

        private void checkRead(ByteBuffer got, long at, String what) {
            for (int k = 0; k < BLOCK; k++) {
                int i = (int) at + k;
                if (!expected(i, got.get(k))) {
                    problem(what + ": byte " + i + " is " + got.get(k) + ", the file has " + original(i)
                            + (i < REGION ? " or " + written(i) : ""));
                    return;
                }
            }
        }

        /** Closes the channel after a short random delay, then opens files that may receive its descriptor number. */
        private void closeThenOpenOthers() {
            try {
                started.await();
                LockSupport.parkNanos(new SplittableRandom(seed).nextLong(MAX_CLOSE_DELAY_NANOS));
                channel.close();
                closed = true;
                for (int i = 0; i < NEWCOMERS; i++) {
                    Path p = dir.resolve("newcomer-" + seed + "-" + i);
                    newcomers.add(FileChannel.open(p, CREATE_NEW, WRITE));
                    newcomerPaths.add(p);
                }
            } catch (Throwable t) {
                problem("closer: unexpected " + t, t);
            }
        }

        /** The original file still has its size, and each byte is the original or the written pattern. */
        private void checkOriginal() throws IOException {
            byte[] now = Files.readAllBytes(file);
            if (now.length != SIZE) {
                problem(file.getFileName() + " has " + now.length + " bytes instead of " + SIZE);
                return;
            }
            for (int i = 0; i < SIZE; i++) {
                if (!expected(i, now[i])) {
                    problem(file.getFileName() + ": byte " + i + " is " + now[i] + ", written by no one");
                    return;
                }
            }
            for (int block : written) {
                for (int i = block * BLOCK; i < (block + 1) * BLOCK; i++) {
                    if (now[i] != written(i)) {
                        problem("the write @ " + (long) block * BLOCK + " completed but byte " + i
                                + " of the file does not have it");
                        return;
                    }
                }
            }
        }

        private void problem(String message) {
            problem(message, null);
        }

        private void problem(String message, Throwable cause) {
            problems.add(new AssertionError(name + ": " + message, cause));
        }
    }

    // ------------------------------------------------------------------ the channels, three ways

    /** One way to use a channel: a read or write, waited for, gives its count or throws its failure. */
    private interface Access {
        int read(ByteBuffer dst, long at) throws Exception;

        int write(ByteBuffer src, long at) throws Exception;

        void close() throws IOException;
    }

    @FunctionalInterface
    private interface Opener {
        Access open(AsyncFileContext context, Path file) throws IOException;
    }

    private record Blocking(FileChannel ch) implements Access {
        @Override
        public int read(ByteBuffer dst, long at) throws IOException {
            return ch.read(dst, at);
        }

        @Override
        public int write(ByteBuffer src, long at) throws IOException {
            return ch.write(src, at);
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    private record Futures(AsynchronousFileChannel ch) implements Access {
        @Override
        public int read(ByteBuffer dst, long at) throws Exception {
            return await(ch.read(dst, at));
        }

        @Override
        public int write(ByteBuffer src, long at) throws Exception {
            return await(ch.write(src, at));
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    private record Handlers(AsynchronousFileChannel ch) implements Access {
        private static final CompletionHandler<Integer, CompletableFuture<Integer>> HANDLER =
                new CompletionHandler<>() {
            @Override
            public void completed(Integer n, CompletableFuture<Integer> outcome) {
                outcome.complete(n);
            }

            @Override
            public void failed(Throwable e, CompletableFuture<Integer> outcome) {
                outcome.completeExceptionally(e);
            }
        };

        @Override
        public int read(ByteBuffer dst, long at) throws Exception {
            CompletableFuture<Integer> outcome = new CompletableFuture<>();
            ch.read(dst, at, outcome, HANDLER);
            return await(outcome);
        }

        @Override
        public int write(ByteBuffer src, long at) throws Exception {
            CompletableFuture<Integer> outcome = new CompletableFuture<>();
            ch.write(src, at, outcome, HANDLER);
            return await(outcome);
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    /** A future's count, or the failure it reports, unwrapped; a future not done in time is a hang. */
    private static int await(Future<Integer> f) throws Exception {
        try {
            return f.get(CALL_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception x) {
                throw x;
            }
            throw (Error) e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("not done in " + CALL_SECONDS + " s: a hang (jstack <pid> shows the threads)");
        }
    }

    // ------------------------------------------------------------------ patterns and threads

    /** The original file's byte at {@code i}: a hash of the position, so that a misplaced block shows. */
    private static byte original(int i) {
        return (byte) ((i * 0x9E3779B1) >>> 24);
    }

    /** What the writers put at {@code i}: never the original byte. */
    private static byte written(int i) {
        return (byte) ~original(i);
    }

    private static boolean expected(int i, byte b) {
        return b == original(i) || i < REGION && b == written(i);
    }

    /** {@code buffer} filled with the written pattern of the block at {@code at}, ready to write. */
    private static ByteBuffer written(ByteBuffer buffer, long at) {
        buffer.clear();
        for (int k = 0; k < BLOCK; k++) {
            buffer.put(written((int) at + k));
        }
        return buffer.flip();
    }

    private static Thread thread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true); // a hung one must not keep the test JVM alive
        t.start();
        return t;
    }

    /** Waits for {@code threads}, together at most {@value #ROUND_SECONDS} s; a thread still running is a hang. */
    private static void joinAll(List<Thread> threads, String round) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ROUND_SECONDS);
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (t.isAlive()) {
                StringBuilder stack = new StringBuilder();
                for (StackTraceElement e : t.getStackTrace()) {
                    stack.append("\n\tat ").append(e);
                }
                throw new AssertionError(round + ": " + t.getName() + " still runs after " + ROUND_SECONDS
                        + " s: a hang (jstack <pid> shows every thread). Its stack:" + stack);
            }
        }
    }
}
