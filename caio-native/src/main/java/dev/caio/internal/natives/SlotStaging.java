package dev.caio.internal.natives;

import dev.caio.spi.Staging;
import java.nio.ByteBuffer;

/**
 * Where each slot's heap data is staged for the engine, which only sees direct memory: the engine's own share for the
 * slot when it has an arena ({@link NativeEngine#arenaOf}) and the data fits, else the slot's own direct buffer,
 * grown as needed and kept for reuse up to {@link #CACHED_LIMIT}. Only the thread that owns a slot's operation
 * touches its entries.
 */
final class SlotStaging {
    /** Staging buffers up to this size stay with their slot for reuse. */
    private static final int CACHED_LIMIT = 1 << 20;

    /** The slot's own staging buffer, kept for reuse. */
    private final ByteBuffer[] own;
    /** The staging buffer the slot's current operation uses: its own, or the engine's. */
    private final ByteBuffer[] inUse;
    /** The engine's per-slot shares (slices of engine memory, valid until destroy), or null. */
    private final ByteBuffer[] shares;
    private final int shareSize;

    /** Staging for {@code maxRequests} slots over the engine's arena, if {@code handle}'s engine has one. */
    SlotStaging(int maxRequests, NativeEngine engine, long handle) {
        this.own = new ByteBuffer[maxRequests];
        this.inUse = new ByteBuffer[maxRequests];
        ByteBuffer arena = engine.arenaOf(handle);
        long layout = arena == null ? 0 : engine.arenaLayoutOf(handle);
        this.shareSize = (int) layout;
        this.shares = cut(arena, layout);
    }

    /** The arena cut into per-slot shares as {@link NativeEngine#arenaLayoutOf} lays them out; null without one. */
    private static ByteBuffer[] cut(ByteBuffer arena, long layout) {
        int stride = (int) (layout >>> 32);
        int size = (int) layout;
        if (arena == null || stride <= 0 || size <= 0) {
            return null;
        }
        ByteBuffer[] cut = new ByteBuffer[arena.capacity() / stride];
        for (int i = 0; i < cut.length; i++) {
            cut[i] = arena.slice(i * stride, size);
        }
        return cut;
    }

    /**
     * Whether some staging is engine memory, freed with the handle: then every touch of it must happen before the
     * engine is destroyed.
     */
    boolean hasEngineMemory() {
        return shares != null && shares.length > 0;
    }

    /**
     * Staging for {@code length} bytes in {@code slot}, recorded as the slot's in-use buffer: the engine's share
     * (page-aligned, the slot's alone) if it is big enough, else the slot's own buffer grown to {@code length}.
     *
     * @throws OutOfMemoryError if direct memory for the slot's own buffer cannot be had
     */
    ByteBuffer take(int slot, int length) {
        ByteBuffer s = shares != null && slot < shares.length && length <= shareSize ? shares[slot] : null;
        if (s == null) {
            s = own[slot];
            if (s == null || s.capacity() < length) {
                own[slot] = null; // a failed allocation must not leave a too-small buffer behind
                s = Staging.allocate(length, 16 * 1024);
                own[slot] = s;
            }
        }
        inUse[slot] = s;
        return s;
    }

    /**
     * The slot's in-use buffer, now released (null if the operation staged nothing); an own buffer too big to keep is
     * dropped before the slot can be reused.
     */
    ByteBuffer release(int slot) {
        ByteBuffer o = own[slot];
        if (o != null && o.capacity() > CACHED_LIMIT) {
            own[slot] = null;
        }
        ByteBuffer s = inUse[slot];
        inUse[slot] = null;
        return s;
    }
}
