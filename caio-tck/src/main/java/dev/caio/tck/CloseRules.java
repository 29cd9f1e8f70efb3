package dev.caio.tck;

import static dev.caio.tck.TckSupport.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caio.AsyncFileContext;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CancellationException;
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

    @Test
    @DisplayName("r5.1 close() is idempotent")
    default void required_r5_1_closeIsIdempotent() {
        AsyncFileContext ctx = context();
        ctx.close();
        ctx.close();
    }

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
}
