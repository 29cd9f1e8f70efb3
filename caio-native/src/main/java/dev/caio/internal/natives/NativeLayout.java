package dev.caio.internal.natives;

import dev.caio.AsyncFileContext;
import dev.caio.Operation;
import dev.caio.internal.Diagnostics;
import dev.caio.spi.Errno;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The numbers {@link NativeContext} shares with {@code caio_engine_jni.c}: how an operation is packed into the
 * {@code params} array of {@link NativeEngine#submit}. One source each side, compared before an engine's first
 * context ({@link #check}).
 */
final class NativeLayout {
    /** Longs per operation in {@code params}: slot, kind, file offset, buffer index, length. */
    static final int PARAMS = 5;
    static final int READ = 0, WRITE = 1, FSYNC = 2, FDSYNC = 3;
    /**
     * Or'ed into an operation's kind: its file descriptor is the previous operation's, and its {@code fds} entry is
     * left null. A batch usually targets one file, and this saves the native side four JNI calls per operation.
     */
    static final int SAME_FD = 1 << 8;
    /**
     * Or'ed into a read's or write's kind: its descriptor is known to take positional I/O ({@link KnownFiles}),
     * so the engine need not ask the kernel again.
     */
    static final int POSITIONAL = 1 << 9;
    /**
     * Or'ed into an op's kind: its submitter waits for it in user space (a virtual thread), never in the engine, so
     * an engine whose kernel finishes requests on the submitting thread hands it to its completion thread.
     */
    static final int DETACHED = 1 << 10;
    /** {@link NativeEngine#submitOne}'s answer when it has no completion. */
    static final long ONE_NONE = Long.MIN_VALUE;
    /**
     * {@link NativeEngine#submitOne} packs a completion as {@code result * 2^ONE_SLOT_BITS + slot}: a slot is below
     * {@link AsyncFileContext#MAX_REQUESTS_LIMIT} (2^20), a result in [-4097, 2^31).
     */
    static final int ONE_SLOT_BITS = 20;
    /** In the form of {@link NativeEngine#layout()}. */
    static final String LAYOUT = "params=" + PARAMS + " kinds=" + READ + "," + WRITE + "," + FSYNC + "," + FDSYNC
            + " same_fd=" + SAME_FD + " positional=" + POSITIONAL + " detached=" + DETACHED
            + " misaligned=" + Errno.MISALIGNED
            + " max_requests=" + AsyncFileContext.MAX_REQUESTS_LIMIT + " one_slot_bits=" + ONE_SLOT_BITS;
    /** Engines whose layout matched. */
    private static final Set<NativeEngine> CHECKED = ConcurrentHashMap.newKeySet();

    private NativeLayout() {
    }

    /**
     * Refuses an engine built with other numbers than this class (a library from another build that passed the
     * version check, or a change made on one side only).
     *
     * @throws UnsatisfiedLinkError naming both layouts
     */
    static void check(NativeEngine engine) {
        if (CHECKED.contains(engine)) {
            return;
        }
        String reported = engine.layout();
        if (!LAYOUT.equals(reported)) {
            throw new UnsatisfiedLinkError("native library " + engine + " was built with \"" + reported
                    + "\" but this jar expects \"" + LAYOUT + "\"" + Diagnostics.link("stale-library"));
        }
        CHECKED.add(engine);
    }

    /** A completion as {@link NativeEngine#submitOne} packs it. */
    static long packOne(long slot, long result) {
        return result * (1L << ONE_SLOT_BITS) + slot;
    }

    /** The slot of a completion {@link #packOne} packed. */
    static int oneSlot(long packed) {
        return (int) (packed & ((1L << ONE_SLOT_BITS) - 1));
    }

    /** The result of a completion {@link #packOne} packed. */
    static long oneResult(long packed) {
        return packed >> ONE_SLOT_BITS;
    }

    /** The kind code of an operation. */
    static int kind(Operation<?> op) {
        return switch (op.kind()) {
            case READ -> READ;
            case WRITE -> WRITE;
            case FSYNC -> FSYNC;
            case FDSYNC -> FDSYNC;
        };
    }
}
