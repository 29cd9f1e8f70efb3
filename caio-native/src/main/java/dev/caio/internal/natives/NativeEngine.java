package dev.caio.internal.natives;

import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The calls every native engine answers ({@code caio_engine_ops_t} behind {@code caio_engine_jni.c}): {@link JniEngine}
 * implements it for every caio library, and {@link NativeContext} composes it. The C side validates every argument;
 * {@link NativeContext} guarantees a handle is never used after {@link #destroy(long)}. The default methods are what
 * only some engines have; a context asks each once, right after {@link #create}.
 */
public interface NativeEngine {
    /**
     * Creates an engine for {@code maxRequests} slots; {@code option} is the backend's option word.
     *
     * @param maxRequests the number of slots, at most {@code AsyncFileContext.MAX_REQUESTS_LIMIT}
     * @param option the backend's option word (its pool size, ring flags and the like, as its provider encodes them)
     * @return the engine's handle, for the other calls until {@link #destroy(long)}
     * @throws IOException (a {@code CaioIOException} naming the errno) when the kernel refuses
     */
    long create(int maxRequests, int option) throws IOException;

    /**
     * Queues a batch: for op i, {@code params[5i..5i+4]} = slot, kind, file offset, buffer index, length. Then stores
     * in {@code completions} (if not null) the (slot, result) pairs already done and returns their number.
     *
     * @param handle the engine, from {@link #create}
     * @param fds op i's {@link FileDescriptor}, or null when its kind carries {@code NativeLayout.SAME_FD}
     * @param buffers op i's direct buffer (the caller's or a staging slot), or null for a sync or an empty transfer
     * @param params {@code NativeLayout.PARAMS} longs per op, as above
     * @param count the number of ops in the arrays
     * @param completions room for (slot, result) pairs of requests already done, or null to leave them to
     *        {@link #reap}
     * @return the number of pairs stored in {@code completions}
     */
    int submit(long handle, Object[] fds, Object[] buffers, long[] params, int count, long[] completions);

    /**
     * Queues one operation, given as {@link #submit}'s arrays would give it ({@code fd} never marked as the previous
     * op's), so that a single call crosses no array. When {@code collect} is set, returns a completion the engine
     * already has, which may be another slot's, packed as {@code NativeLayout.packOne}; else, or without one,
     * {@code NativeLayout.ONE_NONE}. Fails as {@link #submit} does. The default goes through {@link #submit}.
     *
     * @param handle the engine, from {@link #create}
     * @param fd the operation's descriptor
     * @param buffer its direct buffer, or null
     * @param slot its slot
     * @param kind its kind and flags
     * @param offset its file offset
     * @param index its start in {@code buffer}
     * @param length its byte count
     * @param collect whether to return a completion the engine already has
     * @return a packed completion, or {@code NativeLayout.ONE_NONE}
     */
    default long submitOne(long handle, FileDescriptor fd, Object buffer, long slot, long kind, long offset,
                           long index, long length, boolean collect) {
        long[] done = collect ? new long[2] : null;
        int n = submit(handle, new Object[] {fd}, new Object[] {buffer},
                new long[] {slot, kind, offset, index, length}, 1, done);
        return n == 0 ? NativeLayout.ONE_NONE : NativeLayout.packOne(done[0], done[1]);
    }

    /** {@link #readNow}'s answer for a file it can never serve: {@code -EOPNOTSUPP}. */
    long NEVER_NOW = -95;

    /**
     * Reads {@code length > 0} bytes at {@code offset} into {@code buffer} (direct) at {@code index} on the calling
     * thread, if the page cache holds all of them: returns the bytes read ({@code length}, or 0 at end of file), else
     * a negative errno after which nothing but bytes of the buffer's range may have changed: {@link #NEVER_NOW} for an
     * {@code O_DIRECT} file (where even {@code RWF_NOWAIT} waits for the device) or a file system without
     * {@code RWF_NOWAIT}, {@code -EAGAIN} for a miss or a partial hit, another errno for anything else (which the slot
     * path then reports). Never waits for a device; needs no handle, so it is safe on any thread at any time.
     * {@code knownBuffered}: an earlier call served this descriptor, so the {@code O_DIRECT} check is skipped. The
     * default always answers {@code -EAGAIN} (-11).
     *
     * @param fd the descriptor to read
     * @param buffer a direct buffer
     * @param index where in {@code buffer} the bytes go
     * @param length how many bytes, more than 0
     * @param offset the file offset
     * @param knownBuffered whether an earlier call served this descriptor
     * @return the count read, or a negative errno as above
     * @throws IllegalArgumentException for a null descriptor, a buffer that is not direct or too small, or a bad range
     */
    default long readNow(FileDescriptor fd, ByteBuffer buffer, long index, long length, long offset,
                         boolean knownBuffered) {
        return -11;
    }

    /** {@link #await}'s answer from an engine that never waits on a caller's thread: {@code -EOPNOTSUPP}. */
    int NO_AWAIT = -95;

    /**
     * The calling thread is about to block on the request in {@code slot}: waits on this thread, where the engine can
     * (io_uring, for a request in its submitting ring while no other thread waits there), until completions exist,
     * and fills (slot, result) pairs of any slots; returns their number, 0 when it did not wait or the engine stops,
     * or {@link #NO_AWAIT}. Never blocks a cancel or shutdown: both wake it. The default is {@link #NO_AWAIT}.
     *
     * @param handle the engine, from {@link #create}
     * @param slot the request the caller is about to wait for
     * @param out room for (slot, result) pairs
     * @return the number of pairs stored, 0, or {@link #NO_AWAIT}
     * @throws IllegalArgumentException for a slot out of range or an array without room for a pair
     */
    default int await(long handle, int slot, long[] out) {
        return NO_AWAIT;
    }

    /**
     * Waits for completions and fills (slot, result) pairs; the completion thread's loop.
     *
     * @param handle the engine, from {@link #create}
     * @param out room for (slot, result) pairs
     * @return the number of pairs stored, or -1 after {@link #shutdown(long)}
     */
    int reap(long handle, long[] out);

    /**
     * Cancels the queued request in {@code slot}.
     *
     * @param handle the engine, from {@link #create}
     * @param slot the request's slot
     * @return true if it will complete with {@code -ECANCELED}, false otherwise
     */
    boolean cancel(long handle, int slot);

    /**
     * Queued work completes with {@code -ECANCELED}, running work finishes, threads are joined. Idempotent.
     *
     * @param handle the engine, from {@link #create}
     */
    void shutdown(long handle);

    /**
     * Frees the engine; the handle must not be used afterwards.
     *
     * @param handle the engine, from {@link #create}, after {@link #shutdown(long)}
     */
    void destroy(long handle);

    /**
     * Bytes of native memory the library holds now (its counting allocator), for leak checks.
     *
     * @return the bytes allocated and not yet freed, by every engine of this library
     */
    long allocated();

    /**
     * The numbers the library was built with that the Java side must agree on (the parameter layout, the kind codes
     * and flags, the misaligned marker, the largest {@code maxRequests}), in the form of
     * {@code NativeLayout.LAYOUT}; {@code NativeLayout.check} refuses an engine whose layout differs.
     *
     * @return the library's layout string
     */
    String layout();

    /**
     * What the engine runs with, for {@code caio info}, {@code toString()} and tests (io_uring's ring description:
     * SQPOLL granted or not, registered buffers on, off or refused, sizes); fixed at create. The default has none.
     *
     * @param handle the engine, from {@link #create}
     * @return the description, or {@code ""}
     */
    default String featuresOf(long handle) {
        return "";
    }

    /**
     * The engine's own staging memory for heap data, as a direct buffer over engine memory valid until
     * {@link #destroy(long)} (io_uring's arena registered with the kernel), or null; the default has none. Its slots
     * are laid out by {@link #arenaLayoutOf(long)}.
     *
     * @param handle the engine, from {@link #create}
     * @return the arena, or null
     */
    default ByteBuffer arenaOf(long handle) {
        return null;
    }

    /**
     * The layout of {@link #arenaOf(long)}: slot {@code i < capacity / stride} owns {@code size} bytes at
     * {@code i * stride}, each page-aligned, where {@code stride} is the high 32 bits and {@code size} the low 32
     * bits; 0 without an arena (the default).
     *
     * @param handle the engine, from {@link #create}
     * @return the packed stride and size, or 0
     */
    default long arenaLayoutOf(long handle) {
        return 0;
    }
}
