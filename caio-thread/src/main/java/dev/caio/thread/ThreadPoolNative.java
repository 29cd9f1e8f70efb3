package dev.caio.thread;

import dev.caio.internal.natives.NativeEngine;
import java.io.IOException;

/**
 * The JNI entry points of {@code libcaio_thread_<arch>.so}, registered by its {@code JNI_OnLoad}. The C code
 * validates every argument; the Java side guarantees a handle is never used after {@link #destroy(long)}.
 */
final class ThreadPoolNative implements NativeEngine {
    /** The one instance: the engine interface over this library's natives. */
    static final ThreadPoolNative ENGINE = new ThreadPoolNative();

    private ThreadPoolNative() {
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
}
