package dev.caio.tck;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.caio.AsyncFileContext;
import dev.caio.spi.AsyncFileContextProvider;
import dev.caio.spi.Capability;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every rule group of the TCK shares: the provider under test, contexts, bounded waits, capabilities and test
 * data. Implemented by {@link AsyncFileContextTck}; backend authors need not look here. Every failure of a rule, from
 * any assertion or exception in it, is reported with the rule's id and sentence in front (see
 * {@link AsyncFileContextTck}).
 *
 * @since 0.1
 */
@ExtendWith(RuleFailureMessages.class)
public interface TckSupport {

    /**
     * The provider under test (see {@link AsyncFileContextTck#provider()}).
     *
     * @return the provider every rule creates its contexts with
     */
    AsyncFileContextProvider providerUnderTest();

    /**
     * Skips the calling {@code optional_} rule, naming {@code capability}, unless the provider under test declares it
     * in {@link AsyncFileContextProvider#capabilities()}.
     *
     * @param capability the capability the rule checks
     * @throws org.opentest4j.TestAbortedException if the provider does not declare it, which JUnit reports as a skip
     */
    default void assumeCapability(Capability capability) {
        AsyncFileContextProvider p = providerUnderTest();
        assumeTrue(p.capabilities().contains(capability), () -> "optional rule: provider " + p.name()
                + " does not declare " + capability + " (AsyncFileContextProvider.capabilities())");
    }

    /**
     * A context of the provider under test; the test closes it.
     *
     * @param maxRequests how many operations the context admits at once
     * @return a new open context, owned by the calling rule
     */
    default AsyncFileContext context(int maxRequests) {
        return providerUnderTest().create(maxRequests);
    }

    /**
     * A context with the default limit, {@link AsyncFileContext#DEFAULT_MAX_REQUESTS}; the test closes it.
     *
     * @return a new open context, owned by the calling rule
     */
    default AsyncFileContext context() {
        return context(AsyncFileContext.DEFAULT_MAX_REQUESTS);
    }

    /**
     * How long any single wait may take before the rule fails as a hang: the {@code CAIO_TCK_TIMEOUT_MILLIS}
     * environment variable, else 30 seconds.
     *
     * @return the bound of every wait
     * @throws NumberFormatException if {@code CAIO_TCK_TIMEOUT_MILLIS} is set but not a number
     */
    default Duration timeout() {
        String v = System.getenv("CAIO_TCK_TIMEOUT_MILLIS");
        return Duration.ofMillis(v == null || v.isBlank() ? 30_000 : Long.parseLong(v.strip()));
    }

    /**
     * The value of {@code f}, failing the rule if it does not complete in time or completes exceptionally. Blocks the
     * calling thread for at most {@link #timeout()}.
     *
     * @param <T> the type of the value
     * @param f the future of an operation
     * @return the value {@code f} completed with
     * @throws org.opentest4j.AssertionFailedError on a timeout (a lost completion or a hang), an interrupt, or a failed
     *         operation, whose exception becomes the cause
     */
    default <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return fail("operation did not complete within " + timeout() + " (a lost completion or a hang): " + f);
        } catch (ExecutionException e) {
            return fail("operation failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    /**
     * Waits for {@code f} to complete in any way, failing the rule on a hang. Blocks the calling thread for at most
     * {@link #timeout()}.
     *
     * @param f the future of an operation; its value or failure is ignored
     * @throws org.opentest4j.AssertionFailedError if {@code f} does not complete in time, or the thread is interrupted
     */
    default void settle(CompletableFuture<?> f) {
        try {
            f.handle((v, t) -> null).get(timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            fail("operation did not complete within " + timeout() + " (a lost completion or a hang): " + f);
        } catch (ExecutionException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }

    /**
     * The failure of {@code f}, asserting that it failed with a {@code type}. Blocks the calling thread for at most
     * {@link #timeout()}.
     *
     * @param <X> the expected type of the failure
     * @param f the future of an operation expected to fail
     * @param type the expected type of the failure, subclasses included
     * @return the exception {@code f} completed with
     * @throws org.opentest4j.AssertionFailedError if {@code f} completes normally (the message describes its value),
     *         fails with another type, does not complete in time, or the thread is interrupted
     */
    default <X extends Throwable> X failure(CompletableFuture<?> f, Class<X> type) {
        try {
            Object v = f.get(timeout().toMillis(), TimeUnit.MILLISECONDS);
            return fail("expected a failure with " + type.getSimpleName() + " but the operation gave " + describe(v));
        } catch (ExecutionException e) {
            return assertInstanceOf(type, e.getCause(), "wrong failure type");
        } catch (TimeoutException e) {
            return fail("operation did not complete within " + timeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    private static String describe(Object v) {
        return v instanceof byte[] b ? "byte[" + b.length + "]" : String.valueOf(v);
    }

    /**
     * {@code n} bytes of a pattern that differs per {@code seed} and never contains a zero byte, so that bytes a
     * backend failed to write (zeros in a new file) never pass for data.
     *
     * @param n how many bytes
     * @param seed what tells patterns apart; the same seed always gives the same bytes
     * @return a new array
     */
    static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        int x = seed * 0x9E3779B1 + 1;
        for (int i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            b[i] = (byte) ((x & 0x7F) | 1);
        }
        return b;
    }

    /**
     * Where the rules create their files: null (the default) for JUnit's temporary directory, or a directory on the
     * file system to test on, such as {@code /dev/shm} for tmpfs. Files created there are deleted when the JVM exits.
     *
     * @return the directory for the rules' files, or null for JUnit's temporary directory
     */
    default Path fileSystemRoot() {
        return null;
    }

    /**
     * A new empty file for a rule, in {@code junitTempDir} or under {@link #fileSystemRoot()}.
     *
     * @param junitTempDir the rule's {@code @TempDir}, used when {@link #fileSystemRoot()} is null
     * @return the new file's path
     * @throws IOException if the file cannot be created
     */
    default Path newFile(Path junitTempDir) throws IOException {
        Path root = fileSystemRoot();
        Path p = Files.createTempFile(root == null ? junitTempDir : root, "caio-tck", ".bin");
        if (root != null) {
            p.toFile().deleteOnExit();
        }
        return p;
    }

    /**
     * A new file opened {@code "rw"}, holding {@code content} (see {@link #newFile}).
     *
     * @param dir the rule's {@code @TempDir}
     * @param content the file's bytes
     * @return the open file, which the rule closes; its descriptor is what the rule hands to the context
     * @throws IOException if the file cannot be created, written or opened
     */
    default RandomAccessFile fileWith(Path dir, byte[] content) throws IOException {
        Path p = newFile(dir);
        Files.write(p, content);
        return new RandomAccessFile(p.toFile(), "rw");
    }

    /**
     * The content of the file behind {@code raf}, read with plain JDK I/O; leaves the file pointer at the end.
     *
     * @param raf an open file
     * @return a new array with every byte of the file
     * @throws IOException if the file cannot be read
     */
    static byte[] contentOf(RandomAccessFile raf) throws IOException {
        byte[] b = new byte[(int) raf.length()];
        raf.seek(0);
        raf.readFully(b);
        return b;
    }
}
