package dev.caio.internal.natives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caio.CaioIOException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The messages of a failed native create, from exactly what the JNI face throws ({@code caio_throw_errno}:
 * {@code "<call> failed: <ERRNO> (<strerror>)"}), with the limits read from this host's /proc. The real failures are
 * in the backends' tests (fs.aio-max-nr lowered, io_uring_setup failing with ENOMEM); a thread limit cannot be hit
 * as root without starving the host, so the pthread_create message is checked here.
 */
class CreationFailureTest {
    private static CaioIOException causeOf(UncheckedIOException e) {
        return assertInstanceOf(CaioIOException.class, e.getCause());
    }

    /** What the JNI face throws for a failed call (caio_throw_errno). */
    private static CaioIOException jni(String call, int errno, String name, String text) {
        return new CaioIOException(errno, name, call + " failed: " + name + " (" + text + ")", null);
    }

    private static String proc(String path) throws IOException {
        return Files.readAllLines(Path.of(path)).get(0).strip();
    }

    @Test
    void pthreadCreateEagainNamesTheThreadLimitsWithTheirValues() throws IOException {
        IOException jni = jni("pthread_create", 11, "EAGAIN", "Resource temporarily unavailable");
        UncheckedIOException e = CreationFailure.of("thread", 64, jni);
        CaioIOException cause = causeOf(e);
        assertEquals(11, cause.errno());
        assertEquals("EAGAIN", cause.errnoName());
        assertSame(jni, cause.getCause());
        String m = e.getMessage();
        assertEquals(m, cause.getMessage());
        assertTrue(m.startsWith("thread: cannot create a context: pthread_create failed: EAGAIN"), m);
        assertTrue(m.contains("RLIMIT_NPROC (ulimit -u") && m.contains("LimitNPROC=") && m.contains("TasksMax=")
                && m.contains("kernel.threads-max is " + proc("/proc/sys/kernel/threads-max")), m);
    }

    @Test
    void ioSetupEagainNamesAioNrAndAioMaxNrWithTheSysctl() throws IOException {
        UncheckedIOException e = CreationFailure.of("linux", 512,
                jni("io_setup", 11, "EAGAIN", "Resource temporarily unavailable"));
        String m = e.getMessage();
        // aio-nr moves with every context on the host, so only the limit is compared.
        assertTrue(m.contains(" of " + proc("/proc/sys/fs/aio-max-nr") + " AIO events")
                && m.contains("needs 512 more") && m.contains("`sysctl -w fs.aio-max-nr="), m);
    }

    @Test
    void emfileNamesRlimitNofile() {
        UncheckedIOException e = CreationFailure.of("uring", 8,
                jni("eventfd", 24, "EMFILE", "Too many open files"));
        assertEquals("EMFILE", causeOf(e).errnoName());
        assertTrue(e.getMessage().contains("RLIMIT_NOFILE (ulimit -n) is ") && e.getMessage().contains("LimitNOFILE="),
                e.getMessage());
    }

    @Test
    void anErrnoWithoutAKnownLimitKeepsTheBareMessageAndItsNumber() {
        UncheckedIOException e = CreationFailure.of("linux", 8,
                jni("malloc", 12, "ENOMEM", "Cannot allocate memory"));
        assertEquals("linux: cannot create a context: malloc failed: ENOMEM (Cannot allocate memory)", e.getMessage());
        assertEquals(12, causeOf(e).errno());
        UncheckedIOException numbered = CreationFailure.of("uring", 8,
                jni("io_uring_register", 200, "E200", "Unknown error 200"));
        assertEquals(200, causeOf(numbered).errno());
    }

    @Test
    void kernelsBefore512AreTheOnesThatChargeRingsToMemlock() {
        assertTrue(CreationFailure.olderThan("5.11.22-100-generic", 5, 12));
        assertTrue(CreationFailure.olderThan("4.19.0", 5, 12));
        assertFalse(CreationFailure.olderThan("5.12.0", 5, 12));
        assertFalse(CreationFailure.olderThan("6.1.0-13-amd64", 5, 12));
        assertFalse(CreationFailure.olderThan("unknown", 5, 12));
    }
}
