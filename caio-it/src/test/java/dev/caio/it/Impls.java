package dev.caio.it;

import static org.junit.jupiter.api.Assertions.fail;

import dev.caio.AsyncFileContext;
import dev.caio.CaioIOException;
import dev.caio.ImplementationInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/** The implementations under test and the shared bounded-wait helpers. */
final class Impls {
    /** Every wait in this module is bounded by this, so a lost completion fails a test instead of hanging it. */
    static final long WAIT_SECONDS = 30;

    private Impls() {
    }

    /** The available implementations, highest priority first. */
    static List<String> available() {
        return AsyncFileContext.implementations().stream().filter(ImplementationInfo::available)
                .sorted((a, b) -> Integer.compare(b.priority(), a.priority())).map(ImplementationInfo::name).toList();
    }

    static Stream<String> all() {
        return available().stream();
    }

    /** The available JNI implementations (everything but {@code java}). */
    static Stream<String> natives() {
        return available().stream().filter(n -> !n.equals("java"));
    }

    /** {@code -Pstress}: longer runs. */
    static boolean stress() {
        return Boolean.getBoolean("caio.it.stress");
    }

    static int scaled(int normal, int stress) {
        return stress() ? stress : normal;
    }

    /** Waits (bounded) for {@code f} and returns how it ended: its value, or the exception it completed with. */
    static Object outcome(CompletableFuture<?> f, String what) {
        try {
            return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (CancellationException e) {
            return e;
        } catch (TimeoutException e) {
            return fail(what + " did not complete within " + WAIT_SECONDS + " s: " + f);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted waiting for " + what);
        }
    }

    /** The errno name of a {@link CaioIOException} outcome, or null when {@code o} is not one. */
    static String errno(Object o) {
        return o instanceof CaioIOException c ? c.errnoName() : null;
    }

    /**
     * A regression check for a fixed bug: an operation admitted just before {@code close()} whose {@code start()}
     * ran after the backend shut down failed with {@code EIO "<impl> backend refused the operation"} instead of
     * close's {@code ECANCELED}. Counted, and a failure unless {@code -Dcaio.it.tolerateCloseRaceEio=true}.
     */
    static boolean isCloseRaceEio(Throwable t, String impl) {
        boolean match = "EIO".equals(errno(t)) && String.valueOf(t.getMessage()).contains("refused the operation")
                && (t.getCause() instanceof IllegalStateException
                    || t.getCause() instanceof java.util.concurrent.RejectedExecutionException);
        if (match) {
            CLOSE_RACE_EIO.computeIfAbsent(impl, k -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
        }
        return match && Boolean.getBoolean("caio.it.tolerateCloseRaceEio");
    }

    static final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.AtomicLong> CLOSE_RACE_EIO =
            new java.util.concurrent.ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!CLOSE_RACE_EIO.isEmpty()) {
                System.err.println("[caio-it] known issue: EIO instead of ECANCELED for operations racing close(): "
                        + CLOSE_RACE_EIO);
            }
        }));
    }

    /** A directory on a real (disk) file system for test files: target/it-files, not /tmp (which may be tmpfs). */
    static Path workDir(String name) throws java.io.IOException {
        Path d = Path.of("target", "it-files", name).toAbsolutePath();
        Files.createDirectories(d);
        return Files.createTempDirectory(d, "run-");
    }

    static void deleteTree(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(x -> x.toFile().delete());
        } catch (java.io.IOException ignored) {
            // best effort
        }
    }
}
