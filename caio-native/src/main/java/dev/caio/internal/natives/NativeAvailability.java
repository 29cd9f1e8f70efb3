package dev.caio.internal.natives;

import dev.caio.CaioIOException;
import dev.caio.internal.Diagnostics;
import dev.caio.spi.Errno;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The availability of a native backend (Netty's {@code Epoll.isAvailable()} pattern): loading the library, checking
 * its version and making a real kernel call. Never throws; the cause says why and what to do.
 * <p>
 * A success is kept for good, and so is a permanent failure (wrong architecture, not Linux, {@code ENOSYS}, seccomp
 * {@code EPERM}, {@code kernel.io_uring_disabled}, a version mismatch, a missing library). A failure caused by a
 * resource shortage ({@code EMFILE}, {@code ENFILE}, {@code ENOMEM}, {@code EAGAIN}, {@link OutOfMemoryError}; see
 * {@link #isTransient}) is not: the next {@link #isAvailable()} or {@link #ensure()} runs the probe again, so a
 * shortage at startup does not disable the backend for the JVM's life.
 * <p>
 * Thread-safe. Once settled, {@link #isAvailable()} is one volatile read; retries run one at a time, and callers that
 * raced one see its outcome instead of probing again.
 */
public final class NativeAvailability {
    /** A probe: returns normally when the backend works here. Must be safe to run again after it failed. */
    @FunctionalInterface
    public interface Probe {
        /**
         * Checks the backend.
         *
         * @throws Throwable why it does not work here: the outcome's cause
         */
        void run() throws Throwable;
    }

    /** One probe's outcome: {@code cause} null means available; {@code retry} marks a transient failure. */
    private record Outcome(Throwable cause, boolean retry) {
    }

    private static final Outcome AVAILABLE = new Outcome(null, false);
    private static final String[] RESOURCE_MESSAGES = Errno.resourceShortageMessages();

    private final String backend;
    private final Probe probe;
    private volatile Outcome outcome;

    private NativeAvailability(String backend, Probe probe) {
        this.backend = backend;
        this.probe = probe;
    }

    /**
     * Runs {@code probe} now (unless {@code -Dcaio.noNative=true}) and records the outcome; keeps {@code probe} to
     * run again while the outcome is a transient failure. Never throws, except a {@link VirtualMachineError} other
     * than {@link OutOfMemoryError}.
     *
     * @param backend the implementation name, for messages
     * @param probe the check, run now and again after a transient failure
     * @return the availability with the first outcome recorded
     */
    public static NativeAvailability probe(String backend, Probe probe) {
        NativeAvailability a = new NativeAvailability(backend, probe);
        a.outcome = a.run();
        return a;
    }

    private Outcome run() {
        if (Boolean.getBoolean(NativeLibraryLoader.NO_NATIVE_PROPERTY)) {
            return new Outcome(new UnsupportedOperationException(
                    backend + " backend unavailable: native backends are disabled by -D"
                            + NativeLibraryLoader.NO_NATIVE_PROPERTY + "=true" + Diagnostics.link("native-disabled")),
                    false);
        }
        try {
            probe.run();
            return AVAILABLE;
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError v && !(t instanceof OutOfMemoryError)) {
                throw v;
            }
            boolean retry = isTransient(t);
            String m = t.getMessage() == null ? t.toString() : t.getMessage();
            return new Outcome(new UnsupportedOperationException(backend + " backend unavailable: " + m
                    + (retry ? " (a resource shortage: probed again on next use)" : ""), t), retry);
        }
    }

    /** The current outcome, re-probing first if the last one was a transient failure. */
    private Outcome current() {
        Outcome o = outcome;
        if (!o.retry()) {
            return o;
        }
        synchronized (this) {
            // Another thread may have re-probed while this one waited: use its outcome.
            if (outcome == o) {
                outcome = run();
            }
            return outcome;
        }
    }

    /**
     * Whether {@code t} (anywhere in its cause chain or suppressed exceptions) is a resource shortage worth another
     * probe: an {@link OutOfMemoryError}, a {@link CaioIOException} with {@code EMFILE}, {@code ENFILE}, {@code ENOMEM}
     * or {@code EAGAIN}, or a message with their {@code strerror} text (JDK file system exceptions, {@code dlopen}
     * errors in an {@link UnsatisfiedLinkError}, the native probes' descriptions).
     *
     * @param t a probe's failure, or null
     * @return true if it is such a shortage, false otherwise (and for null)
     */
    public static boolean isTransient(Throwable t) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        return isTransient(t, seen);
    }

    private static boolean isTransient(Throwable t, Set<Throwable> seen) {
        if (t == null || !seen.add(t)) {
            return false;
        }
        if (t instanceof OutOfMemoryError) {
            return true;
        }
        if (t instanceof CaioIOException c && Errno.isResourceShortage(c.errno())) {
            return true;
        }
        String m = t.getMessage();
        if (m != null) {
            for (String r : RESOURCE_MESSAGES) {
                if (m.contains(r)) {
                    return true;
                }
            }
        }
        for (Throwable s : t.getSuppressed()) {
            if (isTransient(s, seen)) {
                return true;
            }
        }
        return isTransient(t.getCause(), seen);
    }

    /**
     * Whether contexts can be created; re-probes after a transient failure. Never throws.
     *
     * @return true if the (possibly repeated) probe succeeded
     */
    public boolean isAvailable() {
        return current().cause() == null;
    }

    /**
     * Why contexts cannot be created: the last outcome, without probing again.
     *
     * @return the probe's failure, or null when available
     */
    public Throwable cause() {
        return outcome.cause();
    }

    /**
     * Whether the last outcome is a transient failure that the next {@link #isAvailable()} will probe again.
     *
     * @return true for a transient failure, false when available or failed for good
     */
    public boolean willRetry() {
        return outcome.retry();
    }

    /** @throws IllegalStateException with the cause when unavailable (after re-probing a transient failure) */
    public void ensure() {
        Throwable cause = current().cause();
        if (cause != null) {
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }

    @Override
    public String toString() {
        Throwable cause = outcome.cause();
        return backend + (cause == null ? ": available" : ": " + cause.getMessage());
    }
}
