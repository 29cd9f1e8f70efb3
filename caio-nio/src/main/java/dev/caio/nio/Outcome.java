package dev.caio.nio;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waiting for an operation the way a blocking channel call returns: its count, or the exception it failed with. */
final class Outcome {
    private Outcome() {
    }

    /**
     * Waits for {@code op} and returns its byte count (0 for a sync). A failure is rethrown as it is: an
     * {@link IOException} (a {@code CaioIOException} naming the errno), a runtime exception or an error.
     */
    static int of(CompletableFuture<?> op) throws IOException {
        Object value;
        try {
            value = op.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IOException(cause);
        } catch (CancellationException e) {
            throw new InterruptedIOException("operation cancelled");
        }
        return value instanceof Integer n ? n : 0;
    }
}
