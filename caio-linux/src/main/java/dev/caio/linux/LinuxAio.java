package dev.caio.linux;

import dev.caio.internal.natives.NativeAvailability;
import dev.caio.internal.natives.NativeLibraryLoader;
import dev.caio.internal.natives.SelfTest;
import dev.caio.spi.Errno;

/**
 * Whether the {@code linux} backend works here, probed honestly: load the library, check its version, ask the kernel
 * (version 4.18+ for AIO fsync, {@code io_setup} not refused with {@code ENOSYS}, {@code EAGAIN} or {@code EPERM}),
 * then write and read back 4 KiB through a real context. Probed when the class initializes; the outcome is kept,
 * except that a failure from a resource shortage (descriptors, memory, {@code fs.aio-max-nr} exhausted) is probed
 * again on the next {@link #isAvailable()} (see {@link NativeAvailability}). Thread-safe.
 */
public final class LinuxAio {
    /** Test seam: an errno that io_setup pretends to fail with, to exercise the fallback in a child JVM. */
    static final String TEST_SETUP_ERRNO = "caio.linux.test.setupErrno";
    private static volatile boolean loaded;
    private static final NativeAvailability AVAILABILITY = NativeAvailability.probe(LinuxAioProvider.NAME, () -> {
        ensureLoaded();
        LinuxAioNative.injectSetupFailure(Integer.getInteger(TEST_SETUP_ERRNO, 0));
        String refusal = LinuxAioNative.probe();
        if (refusal != null) {
            // The C probe reports an exhausted fs.aio-max-nr (EAGAIN) in words only; the errno makes it retried.
            throw new UnsupportedOperationException(refusal, refusal.startsWith("fs.aio-max-nr exhausted")
                    ? Errno.exception(Errno.EAGAIN, "io_setup") : null);
        }
        SelfTest.writeReadBack(new LinuxAioContext(2, false));
    });

    private LinuxAio() {
    }

    /** Loads and checks the library (idempotent); {@link DirectFile} needs it even when AIO itself is refused. */
    static synchronized void ensureLoaded() {
        if (!loaded) {
            NativeLibraryLoader.load("caio_linux", LinuxAio.class);
            NativeLibraryLoader.checkVersion("caio_linux", LinuxAioNative.ENGINE::version);
            loaded = true;
        }
    }

    /** True if contexts can be created; re-probes after a transient failure. Never throws. */
    public static boolean isAvailable() {
        return AVAILABILITY.isAvailable();
    }

    /** Why not (the last probe's outcome), with the fix, or null. */
    public static Throwable unavailabilityCause() {
        return AVAILABILITY.cause();
    }

    /**
     * Bytes of native memory the backend's library holds now, counted by its allocator: rings, request tables and
     * batch arrays (not thread stacks, not the caller's buffers). After every context is closed it is back to zero;
     * a soak test asserts that. -1 when the library is not loaded.
     */
    public static long nativeMemoryInUse() {
        try {
            return LinuxAioNative.ENGINE.allocated();
        } catch (UnsatisfiedLinkError e) {
            return -1;
        }
    }

    /** @throws IllegalStateException with the cause when unavailable */
    public static void ensureAvailability() {
        AVAILABILITY.ensure();
    }
}
