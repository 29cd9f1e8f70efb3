package dev.caio.linux;

import dev.caio.internal.natives.NativeContext;
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


    LinuxAioContext(int maxRequests) {
        this(maxRequests, true);
    }

    /** {@code checkAvailability} is false only for the availability probe's own self-test. */
    LinuxAioContext(int maxRequests, boolean checkAvailability) {
        super(LinuxAioProvider.NAME, maxRequests, true, engine(checkAvailability), 0);
        startCompletionThread("caio-linux-completion-" + IDS.incrementAndGet());
    }

    /** The engine, once the backend is known to be available (the check comes first: nothing is created before). */
    private static LinuxAioNative engine(boolean checkAvailability) {
        if (checkAvailability) {
            LinuxAio.ensureAvailability();
        }
        return LinuxAioNative.ENGINE;
    }

    /** Test seam: make every sync take the {@code fsync(2)} fallback. */
    void refuseAioSync(boolean refuse) {
        LinuxAioNative.setRefuseAioSync(handle(), refuse);
    }

}
