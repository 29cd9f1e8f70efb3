package dev.caio.uring;

import dev.caio.internal.natives.NativeAvailability;
import dev.caio.internal.natives.NativeLibraryLoader;
import dev.caio.internal.natives.SelfTest;
import dev.caio.spi.Errno;

/**
 * Whether the {@code uring} backend works here, probed honestly by creating a real ring: the
 * {@code kernel.io_uring_disabled} sysctl, {@code ENOSYS}, {@code EPERM} from seccomp, {@code ENOMEM} from
 * {@code RLIMIT_MEMLOCK}, and the opcodes this backend needs ({@code IORING_REGISTER_PROBE}); each reason comes with
 * its fix. Then 4 KiB are written and read back through a real context. Probed when the class initializes; the
 * outcome is kept, except that a failure from a resource shortage ({@code EMFILE}, {@code ENFILE}, {@code ENOMEM},
 * {@code EAGAIN}) is probed again on the next {@link #isAvailable()} (see {@link NativeAvailability}). Thread-safe.
 */
public final class IoUring {
    /** Test seam: an errno that io_uring_setup pretends to fail with, to exercise the fallback in a child JVM. */
    static final String TEST_SETUP_ERRNO = "caio.uring.test.setupErrno";
    private static final NativeAvailability AVAILABILITY = NativeAvailability.probe(IoUringProvider.NAME, () -> {
        NativeLibraryLoader.load("caio_uring", IoUring.class);
        NativeLibraryLoader.checkVersion("caio_uring", IoUringNative.ENGINE::version);
        IoUringNative.injectSetupFailure(Integer.getInteger(TEST_SETUP_ERRNO, 0));
        String refusal = IoUringNative.probe();
        if (refusal != null) {
            // The C probe names an ENOMEM ring (RLIMIT_MEMLOCK or the memory cgroup) in words only; the errno makes
            // it retried, since either limit can be raised while the JVM runs.
            throw new UnsupportedOperationException(refusal, refusal.startsWith("io_uring_setup failed with ENOMEM")
                    ? Errno.exception(Errno.ENOMEM, "io_uring_setup") : null);
        }
        SelfTest.writeReadBack(new IoUringContext(2, 0, false));
    });

    private IoUring() {
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
            return IoUringNative.ENGINE.allocated();
        } catch (UnsatisfiedLinkError e) {
            return -1;
        }
    }

    /** @throws IllegalStateException with the cause when unavailable */
    public static void ensureAvailability() {
        AVAILABILITY.ensure();
    }
}
