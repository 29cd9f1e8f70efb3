package dev.caio.spi;

import java.nio.ByteBuffer;

/**
 * Direct memory that heap data passes through on its way to or from the kernel, allocated one way for every backend:
 * page-aligned, so that heap data can go to {@code O_DIRECT} files whose offsets and lengths are aligned.
 *
 * @since 0.1
 */
public final class Staging {
    /** The alignment of staging memory, and the one every {@code O_DIRECT} device accepts. */
    public static final int PAGE = 4096;

    private Staging() {
    }

    /**
     * A page-aligned direct buffer of at least {@code length} bytes and at least {@code minimum}, rounded up to whole
     * pages; position 0, limit its capacity. Sizes are computed in {@code long}, so a length near 2 GiB cannot wrap:
     * the one transfer too big to align (within a page of 2 GiB) gets an unaligned buffer of exactly its length.
     *
     * @param length bytes needed, at least 0
     * @param minimum the smallest buffer worth allocating, for reuse by later, bigger transfers
     * @return the buffer
     * @throws IllegalArgumentException if {@code length} is negative
     * @throws OutOfMemoryError if direct memory is exhausted (the caller fails that one operation with {@code ENOMEM})
     */
    public static ByteBuffer allocate(int length, int minimum) {
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative: " + length);
        }
        long size = (Math.max(length, (long) minimum) + PAGE - 1) & -PAGE;
        if (size + PAGE > Integer.MAX_VALUE) {
            return ByteBuffer.allocateDirect(length);
        }
        return ByteBuffer.allocateDirect((int) size + PAGE).alignedSlice(PAGE);
    }
}
