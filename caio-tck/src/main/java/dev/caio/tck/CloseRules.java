package dev.caio.tck;

import static dev.caio.tck.TckSupport.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caio.AsyncFileContext;
import dev.caio.CaioIOException;
import dev.caio.OpenFile;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules r5: closing. If these fail, check that close() drains the queue, waits for or fails what is in flight, and
 * that a closed context refuses work instead of hanging.
 *
 * @since 0.1
 */
public interface CloseRules extends TckSupport {

    /** r5.1 close() is idempotent. */
    @Test
    @DisplayName("r5.1 close() is idempotent")
    default void required_r5_1_closeIsIdempotent() {
        AsyncFileContext ctx = context();
        ctx.close();
        ctx.close();
    }

    /**
     * r5.2 close() with hundreds of operations queued and in flight completes every future before it returns.
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r5.2 close() with hundreds of operations queued and in flight completes every future before it returns")
    default void required_r5_2_closeCompletesEveryFuture(@TempDir Path dir) throws Exception {
        try (RandomAccessFile f = fileWith(dir, pattern(1 << 20, 52))) {
            FileDescriptor fd = f.getFD();
            AsyncFileContext ctx = context(2);
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                all.add(i % 2 == 0 ? ctx.read(2048, fd, i * 2048L) : ctx.write(pattern(2048, i), fd, i * 2048L));
            }
            ctx.close();
            for (CompletableFuture<?> op : all) {
                assertTrue(op.isDone(), "close() returned with a pending future: " + op);
                try {
                    op.get();
                } catch (ExecutionException e) {
                    assertTrue(e.getCause() instanceof IOException, "failure after close is an IOException: " + e);
                } catch (CancellationException e) {
                    // acceptable: completed by cancellation
                }
            }
        }
    }

    /**
     * r5.3 a submission after close() throws IllegalStateException or fails its future; it never hangs.
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r5.3 a submission after close() throws IllegalStateException or fails its future; it never hangs")
    default void required_r5_3_submissionAfterCloseFails(@TempDir Path dir) throws Exception {
        try (RandomAccessFile f = fileWith(dir, "abc".getBytes())) {
            AsyncFileContext ctx = context();
            ctx.close();
            for (int attempt = 0; attempt < 2; attempt++) {
                try {
                    CompletableFuture<?> r = attempt == 0 ? ctx.read(3, f.getFD(), 0)
                            : ctx.write("x".getBytes(), f.getFD(), 0);
                    failure(r, Exception.class);
                } catch (IllegalStateException expected) {
                    // the preferred outcome
                }
            }
            assertArrayEquals("abc".getBytes(), TckSupport.contentOf(f), "nothing was written after close");
        }
    }

    /**
     * r5.4 two hundred contexts opened, used and closed in turn release what they hold.
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r5.4 two hundred contexts opened, used and closed in turn release what they hold")
    default void required_r5_4_closeReleasesResources(@TempDir Path dir) throws Exception {
        try (RandomAccessFile f = fileWith(dir, "abc".getBytes())) {
            for (int i = 0; i < 200; i++) {
                try (AsyncFileContext ctx = context(64)) {
                    assertArrayEquals("abc".getBytes(), await(ctx.read(3, f.getFD(), 0)));
                }
            }
        }
    }

    /**
     * r5.5 two threads closing at once both return only after every future is complete.
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r5.5 two threads closing at once both return only after every future is complete")
    default void required_r5_5_concurrentCloseWaitsForTheFirst(@TempDir Path dir) throws Exception {
        try (RandomAccessFile f = fileWith(dir, pattern(1 << 20, 55))) {
            FileDescriptor fd = f.getFD();
            for (int round = 0; round < 10; round++) {
                AsyncFileContext ctx = context(4);
                List<CompletableFuture<?>> all = new ArrayList<>();
                for (int i = 0; i < 2000; i++) {
                    long at = (i % 256) * 4096L;
                    all.add(i % 2 == 0 ? ctx.read(4096, fd, at) : ctx.write(pattern(4096, i), fd, at));
                }
                CountDownLatch go = new CountDownLatch(1);
                AtomicInteger pendingAfterReturn = new AtomicInteger();
                Runnable closer = () -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    ctx.close();
                    pendingAfterReturn.addAndGet((int) all.stream().filter(op -> !op.isDone()).count());
                };
                Thread a = new Thread(closer, "r5.5-close-a");
                Thread b = new Thread(closer, "r5.5-close-b");
                a.start();
                b.start();
                go.countDown();
                a.join(timeout().toMillis());
                b.join(timeout().toMillis());
                assertTrue(!a.isAlive() && !b.isAlive(), "close() did not return within " + timeout());
                assertEquals(0, pendingAfterReturn.get(), "futures still pending when a close() returned");
            }
        }
    }

    /**
     * r5.6 an OpenFile closed with operations in flight fails them with EBADF or finishes them in that file; none
     * reaches a file opened after it.
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r5.6 an OpenFile closed with operations in flight fails them with EBADF or finishes them in that file;"
            + " none reaches a file opened after it")
    default void required_r5_6_closedOpenFileNeverFeedsALaterFile(@TempDir Path dir) throws Exception {
        byte[] data = pattern(512, 56);
        try (AsyncFileContext ctx = context()) {
            for (int round = 0; round < 20; round++) {
                boolean fromCallback = round % 2 == 1;
                Path first = newFile(dir);
                Path later = newFile(dir);
                OpenFile a = OpenFile.open(first, StandardOpenOption.READ, StandardOpenOption.WRITE);
                List<CompletableFuture<Integer>> writes = new ArrayList<>();
                for (int i = 0; i < 3000; i++) {
                    writes.add(ctx.write(data, a.fd(), i * 512L));
                }
                CompletableFuture<OpenFile> opened;
                if (fromCallback) { // closing inside a completion callback cannot wait: the number stays reserved
                    opened = writes.get(0).handle((v, t) -> {
                        try {
                            a.close();
                            return OpenFile.open(later, StandardOpenOption.WRITE);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                } else {
                    a.close();
                    opened = CompletableFuture.completedFuture(OpenFile.open(later, StandardOpenOption.WRITE));
                }
                List<Integer> landed = new ArrayList<>();
                for (int i = 0; i < writes.size(); i++) {
                    try {
                        assertEquals(512, writes.get(i).get(timeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
                        landed.add(i);
                    } catch (ExecutionException e) {
                        CaioIOException c = org.junit.jupiter.api.Assertions.assertInstanceOf(CaioIOException.class,
                                e.getCause(), "a write failed otherwise than with EBADF");
                        assertEquals("EBADF", c.errnoName(), c.getMessage());
                    }
                }
                try (OpenFile b = await(opened)) {
                    assertEquals(0, b.size(), "round " + round + ": writes meant for a closed file reached a later one");
                }
                byte[] written = Files.readAllBytes(first);
                for (int i : landed) {
                    assertArrayEquals(data, Arrays.copyOfRange(written, i * 512, i * 512 + 512),
                            "a write reported as done is in its own file");
                }
            }
        }
    }
}
