package dev.caio.thread;

import dev.caio.internal.natives.NativeAvailability;
import dev.caio.internal.natives.NativeLibraryLoader;
import dev.caio.internal.natives.SelfTest;

/**
 * Whether the {@code thread} backend works here: load the library, check its version, then start a real pool and
 * write and read back 4 KiB of a temp file through it. Probed when the class initializes; the outcome is kept, except
 * that a failure from a resource shortage (descriptors, memory) is probed again on the next {@link #isAvailable()}
 * (see {@link NativeAvailability}). Thread-safe.
 */
public final class ThreadPool {
    private static final NativeAvailability AVAILABILITY = NativeAvailability.probe(ThreadPoolProvider.NAME, () -> {
        NativeLibraryLoader.load("caio_thread", ThreadPool.class);
        NativeLibraryLoader.checkVersion("caio_thread", ThreadPoolNative.ENGINE::version);
        SelfTest.writeReadBack(new ThreadPoolContext(2, new ThreadPoolOptions(1, true), false));
    });

    private ThreadPool() {
    }

    /** True if contexts can be created; re-probes after a transient failure. Never throws. */
    public static boolean isAvailable() {
        return AVAILABILITY.isAvailable();
    }

    /** Why not (the last probe's outcome), or null. */
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
            return ThreadPoolNative.ENGINE.allocated();
        } catch (UnsatisfiedLinkError e) {
            return -1;
        }
    }

    /** @throws IllegalStateException with the cause when unavailable */
    public static void ensureAvailability() {
        AVAILABILITY.ensure();
    }
}
