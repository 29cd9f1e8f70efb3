package dev.caio.cli;

import java.util.SplittableRandom;

/**
 * The offsets and directions of one stream of operations under a {@link Workload}: block-aligned random offsets, or
 * sequential ones from a start block wrapping at the end of the file. Not thread-safe; give each thread its own.
 */
public final class AccessPattern {
    private static final long SEED = 0x5eed_ca10L;

    private final Workload workload;
    private final int blockSize;
    private final long blocks;
    private final SplittableRandom random;
    private long next;

    /**
     * Stream number {@code stream} (0 for a single submitter) over the first {@code fileSize} bytes; streams differ in
     * their random seed and, for sequential workloads, start evenly spread over the file.
     *
     * @param streams how many streams share the file
     */
    public AccessPattern(Workload workload, int blockSize, long fileSize, int stream, int streams) {
        this.workload = workload;
        this.blockSize = blockSize;
        this.blocks = fileSize / blockSize;
        this.random = new SplittableRandom(SEED + stream);
        this.next = blocks * stream / Math.max(1, streams);
    }

    /** The offset of the next operation. */
    public long nextOffset() {
        if (workload.random()) {
            return random.nextLong(blocks) * blockSize;
        }
        long block = next;
        next = next + 1 == blocks ? 0 : next + 1;
        return block * blockSize;
    }

    /** Whether the next operation writes. */
    public boolean nextIsWrite() {
        int percent = workload.writePercent();
        return percent == 100 || percent > 0 && random.nextInt(100) < percent;
    }

    /** Random bytes to write, the same for every stream. */
    public static byte[] pattern(int size) {
        byte[] bytes = new byte[size];
        new SplittableRandom(SEED).nextBytes(bytes);
        return bytes;
    }
}
