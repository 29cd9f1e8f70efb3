package dev.caio.thread;

/**
 * The natives {@code libcaio_thread_<arch>.so} binds to this class in its {@code JNI_OnLoad}: the load handshake
 * only. The engine calls go through the shared face ({@code dev.caio.internal.natives.JniEngine}); the pool has no
 * natives of its own.
 */
final class ThreadPoolNative {
    private ThreadPoolNative() {
    }

    /** The version compiled into the library: the load handshake, asked before anything else. */
    static native String version();

    /**
     * Binds the shared engine face to this library's code and returns the library's face; called once, after the
     * version matched (see {@code NativeBackend.Library}).
     */
    static native long bind();
}
