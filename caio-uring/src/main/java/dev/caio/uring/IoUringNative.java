package dev.caio.uring;

import dev.caio.internal.natives.NativeEngine;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The JNI entry points of {@code libcaio_uring_<arch>.so}, registered by its {@code JNI_OnLoad}: the seven every
 * native engine has (see {@code caio_engine.h}), the availability probe, the ring's features, the registered staging
 * arena and test seams.
 */
final class IoUringNative implements NativeEngine {
    /** The one instance: the engine interface over this library's natives. */
    static final IoUringNative ENGINE = new IoUringNative();

    /** create's option bit: ask for a kernel submission-polling thread (falls back silently when refused). */
    static final int OPTION_SQPOLL = 1;
    /** create's option bit: a registered staging arena for heap data (falls back silently when refused). */
    static final int OPTION_REGISTERED_BUFFERS = 2;
    /** create's option bit: no helper ring, so the completion thread never copies a share of a big batch. */
    static final int OPTION_NO_HELPER_RING = 4;
    /** create's option bits 8-12: pending ops moved per {@code io_uring_enter}, 1-16; 0 measures (see the C side). */
    static final int OPTION_CHUNK_SHIFT = 8;
    /** {@link #injectFailure} point: io_uring_setup with SQPOLL. */
    static final int FAIL_SQPOLL = 1;
    /** {@link #injectFailure} point: IORING_REGISTER_BUFFERS. */
    static final int FAIL_REGISTER_BUFFERS = 2;
    /** {@link #injectFailure} point: the helper ring's io_uring_setup. */
    static final int FAIL_HELPER_RING = 3;

    private IoUringNative() {
    }

    @Override
    public native String version();

    @Override
    public native long create(int maxRequests, int option) throws IOException;

    @Override
    public native int submit(long handle, Object[] fds, Object[] buffers, long[] params, int count,
                             long[] completions);

    @Override
    public native int reap(long handle, long[] out);

    @Override
    public native boolean cancel(long handle, int slot);

    @Override
    public native void shutdown(long handle);

    @Override
    public native void destroy(long handle);

    @Override
    public native long allocated();

    @Override
    public native String layout();

    @Override
    public String featuresOf(long handle) {
        return features(handle);
    }

    @Override
    public ByteBuffer arenaOf(long handle) {
        return arena(handle);
    }

    @Override
    public long arenaLayoutOf(long handle) {
        return arenaLayout(handle);
    }

    /** Null if io_uring works here, else why not and what to do. */
    static native String probe();

    /**
     * What the ring runs with, e.g. {@code "sqpoll=off nodrop=on single_mmap=on sq=64 cq=128 reg_buffers=off"};
     * {@code reg_buffers} is {@code on(<slots>x<bytes>)}, {@code off} or {@code refused(<errno>)}.
     */
    static native String features(long handle);

    /** Test seam: while non-zero, io_uring_setup fails with this errno. */
    static native void injectSetupFailure(int errno);

    /** Test seam: while {@code errno} is non-zero, the optional feature {@code point} is refused with it. */
    static native void injectFailure(int point, int errno);

    /** The registered staging arena as a direct buffer over engine memory (valid until destroy), or null. */
    static native ByteBuffer arena(long handle);

    /**
     * The arena's layout: slot {@code i < capacity / stride} owns {@code size} bytes at {@code i * stride}, where
     * {@code stride} is the high 32 bits and {@code size} the low 32 bits; 0 without an arena.
     */
    static native long arenaLayout(long handle);
}
