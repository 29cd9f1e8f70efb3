package dev.caio.linux;

/**
 * The natives {@code libcaio_linux_<arch>.so} binds to this class in its {@code JNI_OnLoad}: the load handshake, the
 * availability probe and test seams. The engine calls go through the shared face
 * ({@code dev.caio.internal.natives.JniEngine}).
 */
final class LinuxAioNative {
    private LinuxAioNative() {
    }

    /** The version compiled into the library: the load handshake, asked before anything else. */
    static native String version();

    /**
     * Binds the shared engine face to this library's code and returns the library's face; called once, after the
     * version matched (see {@code NativeBackend.Library}).
     */
    static native long bind();

    /** Null if native AIO works here, else why not and what to do. */
    static native String probe();

    /** Test seam: while non-zero, io_setup fails with this errno. */
    static native void injectSetupFailure(int errno);

    /** Test seam: treat every fsync/fdatasync as refused by AIO, so it takes the syscall fallback. */
    static native void setRefuseAioSync(long handle, boolean refuse);
}
