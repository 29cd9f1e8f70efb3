package dev.caio.linux;

import dev.caio.internal.natives.NativeEngine;
import java.io.IOException;

/**
 * The JNI entry points of {@code libcaio_linux_<arch>.so}, registered by its {@code JNI_OnLoad}: the seven every
 * native engine has (see {@code caio_engine.h}), the availability probe, {@code O_DIRECT} file helpers and test seams.
 */
final class LinuxAioNative implements NativeEngine {
    /** The one instance: the engine interface over this library's natives. */
    static final LinuxAioNative ENGINE = new LinuxAioNative();

    private LinuxAioNative() {
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

    /** Null if native AIO works here, else why not and what to do. */
    static native String probe();

    /** Test seam: while non-zero, io_setup fails with this errno. */
    static native void injectSetupFailure(int errno);

    /** Test seam: treat every fsync/fdatasync as refused by AIO, so it takes the syscall fallback. */
    static native void setRefuseAioSync(long handle, boolean refuse);
}
