package dev.caio.thread;

/**
 * The JNI entry points of {@code libcaio_thread_<arch>.so}, registered by its {@code JNI_OnLoad}. The C code
 * validates every argument; the Java side guarantees a handle is never used after {@link #destroy(long)}.
 */
final class ThreadPoolNative {
    private ThreadPoolNative() {
    }

    /** The version compiled into the library (the handshake). */
    static native String version();

    /**
     * Starts a pool for {@code maxRequests} slots; {@code option} is {@link ThreadPoolOptions#nativeOption()}.
     * @throws java.io.IOException
     */
    static native long create(int maxRequests, int option) throws java.io.IOException;

    /**
     * Queues a batch: for op i, {@code params[5i..5i+4]} = slot, kind, file offset, buffer index, length. Then stores
     * in {@code completions} (if not null) the (slot, result) pairs already done and returns their number.
     */
    static native int submit(long handle, Object[] fds, Object[] buffers, long[] params, int count, long[] completions);

    /** Waits for completions; fills (slot, result) pairs; returns their number, -1 after shutdown. */
    static native int reap(long handle, long[] out);


    /** Removes a queued request, which then completes with -ECANCELED. */
    static native boolean cancel(long handle, int slot);

    /** Cancels queued work, lets running work finish, joins the threads. Idempotent. */
    static native void shutdown(long handle);

    /** Frees the pool. */
    static native void destroy(long handle);

    /** Bytes of native memory the library holds now (its counting allocator). */
    static native long allocated();
}
