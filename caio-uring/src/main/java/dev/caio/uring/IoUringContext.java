package dev.caio.uring;

import dev.caio.internal.natives.NativeContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code uring} context: one ring sized from {@code maxRequests} (completion queue twice as deep, so it cannot
 * overflow), a batch of operations becomes SQEs and one {@code io_uring_enter}, completions are announced by an
 * eventfd and reaped in batches on {@code caio-uring-completion-<n>}, where the futures complete. Cancelling an
 * operation in flight submits {@code IORING_OP_ASYNC_CANCEL}; its buffer stays owned by the library until the
 * kernel's completion arrives.
 */
final class IoUringContext extends NativeContext {
    private static final AtomicInteger IDS = new AtomicInteger();

    private final long handle;

    IoUringContext(int maxRequests, int option) {
        this(maxRequests, option, true);
    }

    /** {@code checkAvailability} is false only for the availability probe's own self-test. */
    IoUringContext(int maxRequests, int option, boolean checkAvailability) {
        super(IoUringProvider.NAME, maxRequests, true);
        if (checkAvailability) {
            IoUring.ensureAvailability();
        }
        try {
            this.handle = IoUringNative.create(maxRequests, option);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create an io_uring", e);
        }
        startCompletionThread("caio-uring-completion-" + IDS.incrementAndGet());
    }

    /** What the ring runs with (SQPOLL granted or not, sizes), for {@code caio info} and tests. */
    String features() {
        return IoUringNative.features(handle);
    }

    @Override
    protected void nativeSubmit(Object[] fds, Object[] buffers, long[] params, int count) {
        IoUringNative.submit(handle, fds, buffers, params, count);
    }

    @Override
    protected int nativeReap(long[] out) {
        return IoUringNative.reap(handle, out);
    }

    @Override
    protected int nativePoll(long[] out) {
        return IoUringNative.poll(handle, out);
    }

    @Override
    protected boolean nativeCancel(int slot) {
        return IoUringNative.cancel(handle, slot);
    }

    @Override
    protected void nativeShutdown() {
        IoUringNative.shutdown(handle);
    }

    @Override
    protected void nativeDestroy() {
        IoUringNative.destroy(handle);
    }
}
