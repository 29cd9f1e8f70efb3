package dev.caio.uring;

import java.io.IOException;

/**
 * The JNI entry points of {@code libcaio_uring_<arch>.so}, registered by its {@code JNI_OnLoad}: the seven every
 * native engine has (see {@code caio_engine.h}), the availability probe, the ring's features and a test seam.
 */
final class IoUringNative {
    /** create's option bit: ask for a kernel submission-polling thread (falls back silently when refused). */
    static final int OPTION_SQPOLL = 1;

    private IoUringNative() {
    }

    static native String version();

    static native long create(int maxRequests, int option) throws IOException;

    static native int submit(long handle, Object[] fds, Object[] buffers, long[] params, int count);

    static native int reap(long handle, long[] out);

    static native int poll(long handle, long[] out);

    static native boolean cancel(long handle, int slot);

    static native void shutdown(long handle);

    static native void destroy(long handle);

    /** Bytes of native memory the library holds now (its counting allocator). */
    static native long allocated();

    /** Null if io_uring works here, else why not and what to do. */
    static native String probe();

    /** What the ring runs with, e.g. {@code "sqpoll=off nodrop=on single_mmap=on sq=64 cq=128"}. */
    static native String features(long handle);

    /** Test seam: while non-zero, io_uring_setup fails with this errno. */
    static native void injectSetupFailure(int errno);
}
