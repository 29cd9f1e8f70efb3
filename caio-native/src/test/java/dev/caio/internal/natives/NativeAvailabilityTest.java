package dev.caio.internal.natives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caio.spi.Errno;
import java.nio.file.FileSystemException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A probe that failed for lack of a resource runs again on the next use; any other outcome is
 * kept. The child JVM in caio-it's {@code NativeLoadingTest} shows it with real descriptor exhaustion; here the
 * exceptions are the ones the JDK and the backends throw, to pin down the classification.
 */
class NativeAvailabilityTest {
    /** A probe that throws {@code failures[i]} on its i-th run (null: succeeds), counting its runs. */
    private static final class Scripted implements NativeAvailability.Probe {
        final AtomicInteger runs = new AtomicInteger();
        private final Throwable[] failures;

        Scripted(Throwable... failures) {
            this.failures = failures;
        }

        @Override
        public void run() throws Throwable {
            int i = runs.getAndIncrement();
            Throwable t = i < failures.length ? failures[i] : null;
            if (t != null) {
                throw t;
            }
        }
    }

    private static Throwable emfileInExtraction() {
        return new UnsatisfiedLinkError("cannot extract libcaio_uring_x86_64.so: "
                + new FileSystemException("/tmp/caio-native-1/libcaio_uring_x86_64.so: Too many open files"));
    }

    @Test
    void aResourceFailureIsProbedAgainAndASuccessIsThenKept() {
        Scripted probe = new Scripted(emfileInExtraction(), null);
        NativeAvailability a = NativeAvailability.probe("uring", probe);
        assertTrue(a.willRetry());
        assertTrue(a.cause().getMessage().contains("probed again on next use"), a.cause().getMessage());
        assertTrue(a.isAvailable(), "the second probe, with descriptors back, must succeed");
        assertNull(a.cause());
        a.ensure();
        for (int i = 0; i < 10; i++) {
            assertTrue(a.isAvailable());
        }
        assertEquals(2, probe.runs.get(), "a success is cached for good");
    }

    @Test
    void ensureAlsoProbesAgain() {
        Scripted probe = new Scripted(new OutOfMemoryError("Java heap space"), null);
        NativeAvailability a = NativeAvailability.probe("thread", probe);
        a.ensure();
        assertEquals(2, probe.runs.get());
    }

    @Test
    void aPermanentFailureIsProbedOnce() {
        Scripted probe = new Scripted(new UnsupportedOperationException("io_uring_setup is not implemented (ENOSYS)"),
                null);
        NativeAvailability a = NativeAvailability.probe("uring", probe);
        for (int i = 0; i < 10; i++) {
            assertFalse(a.isAvailable());
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, a::ensure);
        assertTrue(e.getMessage().contains("ENOSYS"), e.getMessage());
        assertFalse(a.willRetry());
        assertEquals(1, probe.runs.get());
    }

    @Test
    void aFailureThatPersistsIsProbedOnEveryUseUntilItClears() {
        Scripted probe = new Scripted(emfileInExtraction(), emfileInExtraction(), emfileInExtraction(), null);
        NativeAvailability a = NativeAvailability.probe("linux", probe);
        assertFalse(a.isAvailable());
        assertFalse(a.isAvailable());
        assertTrue(a.isAvailable());
        assertEquals(4, probe.runs.get());
    }

    @Test
    void racingCallersShareOneReprobe() throws Exception {
        Scripted probe = new Scripted(emfileInExtraction(), null);
        NativeAvailability a = NativeAvailability.probe("thread", probe);
        int n = 16;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        AtomicInteger available = new AtomicInteger();
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                if (a.isAvailable()) {
                    available.incrementAndGet();
                }
            });
            t.start();
            threads.add(t);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(n, available.get());
        assertEquals(2, probe.runs.get(), "callers that waited for a re-probe must use its outcome");
    }

    @Test
    void resourceShortagesAreTransient() {
        for (int errno : new int[] {Errno.EMFILE, 23, Errno.ENOMEM, Errno.EAGAIN}) {
            Throwable wrapped = new ExecutionException(Errno.exception(errno, "write"));
            assertTrue(NativeAvailability.isTransient(wrapped), () -> "errno " + errno);
        }
        assertTrue(NativeAvailability.isTransient(new OutOfMemoryError()));
        assertTrue(NativeAvailability.isTransient(new IllegalStateException(new OutOfMemoryError("Metaspace"))));
        // dlopen's text, as System.load reports it.
        assertTrue(NativeAvailability.isTransient(new UnsatisfiedLinkError(
                "/tmp/x/libcaio_thread_x86_64.so: cannot open shared object file: Too many open files")));
        assertTrue(NativeAvailability.isTransient(new FileSystemException("/tmp/x: Too many open files in system")));
        assertTrue(NativeAvailability.isTransient(new UnsatisfiedLinkError(
                "/tmp/x/lib.so: failed to map segment from shared object: Cannot allocate memory")));
        assertTrue(NativeAvailability.isTransient(new UnsupportedOperationException(
                "io_uring_setup failed: EAGAIN (Resource temporarily unavailable)")));
        UnsatisfiedLinkError suppressed = new UnsatisfiedLinkError("no copy in the jar");
        suppressed.addSuppressed(emfileInExtraction());
        assertTrue(NativeAvailability.isTransient(suppressed));
    }

    @Test
    void permanentCausesAreNotTransient() {
        assertFalse(NativeAvailability.isTransient(Errno.exception(Errno.ENOSYS, "io_setup")));
        assertFalse(NativeAvailability.isTransient(Errno.exception(Errno.EPERM, "io_uring_setup")));
        assertFalse(NativeAvailability.isTransient(new UnsupportedOperationException(
                "io_uring is disabled by sysctl kernel.io_uring_disabled=2; set it to 0")));
        assertFalse(NativeAvailability.isTransient(new UnsatisfiedLinkError(
                "stale native library libcaio_thread: it reports version 0.0.9 but this jar is 0.1.0")));
        assertFalse(NativeAvailability.isTransient(new UnsatisfiedLinkError(
                "no libcaio_thread_ppc64le.so in jar:file:/x.jar for ppc64le")));
        assertFalse(NativeAvailability.isTransient(new UnsatisfiedLinkError(
                "/x/libcaio_thread_x86_64.so: cannot open shared object file: No such file or directory")));
        assertFalse(NativeAvailability.isTransient(new UnsatisfiedLinkError("native backends need Linux; this is Mac")));
        Throwable self = new IllegalStateException("a cycle");
        Throwable other = new IllegalStateException("other", self);
        self.initCause(other);
        assertFalse(NativeAvailability.isTransient(self), "a cause cycle ends");
    }
}
