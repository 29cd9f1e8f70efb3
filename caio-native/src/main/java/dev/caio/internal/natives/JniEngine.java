package dev.caio.internal.natives;

import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The one JNI face of every caio native library ({@code caio_engine_jni.c}) as a {@link NativeEngine}. Each library
 * binds these natives to its own copy of that code once its version is checked, and each call carries the face of
 * the library whose engine it is (see {@code caio_face.h}). So one class serves every backend, and a backend's own
 * natives class keeps only its version, its bind and what it alone has.
 *
 * <p>Thread-safe: the C side validates every argument and pins the engine for each call; {@link NativeContext}
 * guarantees a handle is never used after {@link #destroy(long)}.
 */
final class JniEngine implements NativeEngine {
    private final String library;
    private final long face;

    /**
     * @param library the library's name, for messages
     * @param face what the library's {@code bind()} returned
     */
    JniEngine(String library, long face) {
        this.library = library;
        this.face = face;
    }

    @Override
    public long create(int maxRequests, int option) throws IOException {
        return create0(face, maxRequests, option);
    }

    @Override
    public int submit(long handle, Object[] fds, Object[] buffers, long[] params, int count, long[] completions) {
        return submit0(face, handle, fds, buffers, params, count, completions);
    }

    @Override
    public long submitOne(long handle, FileDescriptor fd, Object buffer, long slot, long kind, long offset,
                          long index, long length, boolean collect) {
        return submitOne0(face, handle, fd, buffer, slot, kind, offset, index, length, collect);
    }

    @Override
    public long readNow(FileDescriptor fd, ByteBuffer buffer, long index, long length, long offset,
                        boolean knownBuffered) {
        return readNow0(fd, buffer, index, length, offset, knownBuffered);
    }

    @Override
    public int await(long handle, int slot, long[] out) {
        return await0(face, handle, slot, out);
    }

    @Override
    public int reap(long handle, long[] out) {
        return reap0(face, handle, out);
    }

    @Override
    public boolean cancel(long handle, int slot) {
        return cancel0(face, handle, slot);
    }

    @Override
    public void shutdown(long handle) {
        shutdown0(face, handle);
    }

    @Override
    public void destroy(long handle) {
        destroy0(face, handle);
    }

    @Override
    public long allocated() {
        return allocated0(face);
    }

    @Override
    public String layout() {
        return layout0();
    }

    @Override
    public String featuresOf(long handle) {
        return features0(face, handle);
    }

    @Override
    public ByteBuffer arenaOf(long handle) {
        return arena0(face, handle);
    }

    @Override
    public long arenaLayoutOf(long handle) {
        return arenaLayout0(face, handle);
    }

    @Override
    public String toString() {
        return "lib" + library;
    }

    private static native long create0(long face, int maxRequests, int option) throws IOException;

    private static native int submit0(long face, long handle, Object[] fds, Object[] buffers, long[] params,
                                      int count, long[] completions);

    private static native long submitOne0(long face, long handle, FileDescriptor fd, Object buffer, long slot,
                                          long kind, long offset, long index, long length, boolean collect);

    private static native int reap0(long face, long handle, long[] out);

    private static native int await0(long face, long handle, int slot, long[] out);

    private static native boolean cancel0(long face, long handle, int slot);

    private static native void shutdown0(long face, long handle);

    private static native void destroy0(long face, long handle);

    private static native String features0(long face, long handle);

    private static native ByteBuffer arena0(long face, long handle);

    private static native long arenaLayout0(long face, long handle);

    private static native long allocated0(long face);

    private static native String layout0();

    private static native long readNow0(FileDescriptor fd, Object buffer, long index, long length, long offset,
                                        boolean knownBuffered);
}
