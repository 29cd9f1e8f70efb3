package dev.caio.linux;

import dev.caio.internal.natives.CreationFailure;
import dev.caio.internal.natives.NativeContext;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code linux} context: one kernel AIO context ({@code io_setup(maxRequests)}) and an eventfd; batches go to the
 * kernel in one {@code io_submit}, completions come back in batches on {@code caio-linux-completion-<n>}, where the
 * futures complete.
 *
 * <p>On buffered files {@code io_submit} copies page-cache data inline, so it behaves synchronously; native AIO pays
 * off with {@code O_DIRECT} (see {@link DirectFile}). An {@code fsync} the kernel cannot do through AIO runs as
 * {@code fsync(2)} on a helper thread of the engine. {@code close()} destroys the kernel context, so
 * {@code fs.aio-max-nr} is given back.
 */
final class LinuxAioContext extends NativeContext {
    private static final AtomicInteger IDS = new AtomicInteger();

    private final long handle;

    LinuxAioContext(int maxRequests) {
        this(maxRequests, true);
    }

    /** {@code checkAvailability} is false only for the availability probe's own self-test. */
    LinuxAioContext(int maxRequests, boolean checkAvailability) {
        super(LinuxAioProvider.NAME, maxRequests, true);
        if (checkAvailability) {
            LinuxAio.ensureAvailability();
        }
        try {
            this.handle = LinuxAioNative.create(maxRequests, 0);
        } catch (IOException e) {
            throw CreationFailure.of(LinuxAioProvider.NAME, maxRequests, e);
        }
        startCompletionThread("caio-linux-completion-" + IDS.incrementAndGet());
    }

    /** Test seam: make every sync take the {@code fsync(2)} fallback. */
    void refuseAioSync(boolean refuse) {
        LinuxAioNative.setRefuseAioSync(handle, refuse);
    }

    @Override
    protected int nativeSubmit(Object[] fds, Object[] buffers, long[] params, int count, long[] completions) {
        return LinuxAioNative.submit(handle, fds, buffers, params, count, completions);
    }

    @Override
    protected int nativeReap(long[] out) {
        return LinuxAioNative.reap(handle, out);
    }


    @Override
    protected boolean nativeCancel(int slot) {
        return LinuxAioNative.cancel(handle, slot);
    }

    @Override
    protected void nativeShutdown() {
        LinuxAioNative.shutdown(handle);
    }

    @Override
    protected void nativeDestroy() {
        LinuxAioNative.destroy(handle);
    }
}
