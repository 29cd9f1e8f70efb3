package dev.caio.uring;

import dev.caio.internal.natives.NativeContext;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code uring} context: one ring sized from {@code maxRequests} (completion queue twice as deep, so it cannot
 * overflow), a batch of operations becomes SQEs and one {@code io_uring_enter}, completions are announced by an
 * eventfd and reaped in batches on {@code caio-uring-completion-<n>}, where the futures complete. Cancelling an
 * operation in flight submits {@code IORING_OP_ASYNC_CANCEL}; its buffer stays owned by the library until the
 * kernel's completion arrives.
 *
 * <p>With the registered-buffers option, heap data is staged in the engine's registered arena, one page-aligned
 * share per slot, so the kernel transfers it with {@code READ_FIXED}/{@code WRITE_FIXED}; an operation bigger than a
 * share, or in a slot beyond the arena, uses the library's own staging buffer and a plain op.
 */
final class IoUringContext extends NativeContext {
    private static final AtomicInteger IDS = new AtomicInteger();

    private final String features;
    /** The arena's per-slot shares (slices of engine memory, valid until destroy), or null without an arena. */
    private final ByteBuffer[] arenaSlots;
    private final int arenaSlotSize;

    IoUringContext(int maxRequests, int option) {
        this(maxRequests, option, true);
    }

    /** {@code checkAvailability} is false only for the availability probe's own self-test. */
    IoUringContext(int maxRequests, int option, boolean checkAvailability) {
        super(IoUringProvider.NAME, maxRequests, true, engine(checkAvailability), option);
        this.features = IoUringNative.features(handle());
        ByteBuffer arena = IoUringNative.arena(handle());
        long layout = arena == null ? 0 : IoUringNative.arenaLayout(handle());
        int stride = (int) (layout >>> 32);
        this.arenaSlotSize = (int) layout;
        if (arena != null && stride > 0 && arenaSlotSize > 0) {
            arenaSlots = new ByteBuffer[arena.capacity() / stride];
            for (int i = 0; i < arenaSlots.length; i++) {
                arenaSlots[i] = arena.slice(i * stride, arenaSlotSize);
            }
        } else {
            arenaSlots = null;
        }
        startCompletionThread("caio-uring-completion-" + IDS.incrementAndGet());
    }

    /** The engine, once the backend is known to be available (the check comes first: nothing is created before). */
    private static IoUringNative engine(boolean checkAvailability) {
        if (checkAvailability) {
            IoUring.ensureAvailability();
        }
        return IoUringNative.ENGINE;
    }

    /**
     * What the ring runs with (SQPOLL granted or not, registered buffers on, off or refused, sizes), for
     * {@code caio info} and tests; fixed when the ring is created.
     */
    String features() {
        return features;
    }

    @Override
    public String toString() {
        return super.toString() + "[" + features + "]";
    }

    @Override
    protected ByteBuffer engineStaging(int slot, int length) {
        ByteBuffer[] shares = arenaSlots;
        return shares != null && slot < shares.length && length <= arenaSlotSize ? shares[slot] : null;
    }

}
