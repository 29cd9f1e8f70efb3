package dev.caio.uring;

/**
 * The natives {@code libcaio_uring_<arch>.so} binds to this class in its {@code JNI_OnLoad}: the load handshake, the
 * availability probe and test seams, with the option bits of its engine. The engine calls, the ring's features and
 * the registered staging arena included, go through the shared face ({@code dev.caio.internal.natives.JniEngine}).
 */
final class IoUringNative {
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

    /** The version compiled into the library: the load handshake, asked before anything else. */
    static native String version();

    /**
     * Binds the shared engine face to this library's code and returns the library's face; called once, after the
     * version matched (see {@code NativeBackend.Library}).
     */
    static native long bind();

    /** Null if io_uring works here, else why not and what to do. */
    static native String probe();

    /** Test seam: while non-zero, io_uring_setup fails with this errno. */
    static native void injectSetupFailure(int errno);

    /** Test seam: while {@code errno} is non-zero, the optional feature {@code point} is refused with it. */
    static native void injectFailure(int point, int errno);
}
