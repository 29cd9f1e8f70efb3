package dev.caio.benchmarks;

/**
 * Where one stream of operations goes next: random block-aligned offsets taken in turn from a precomputed table (so
 * that the measured loop draws no random numbers), or the blocks of the stream's own region of the file, one after
 * another, wrapping at its end. Not thread-safe: a submitting thread owns its stream, though the slots of one
 * thread's ring may share one.
 */
final class Offsets {
    private static final int TABLE_SIZE = 1 << 20;

    /** The random offsets, or null for a sequential stream. */
    private final long[] table;
    private int cursor;
    private final long regionStart;
    private final long regionBlocks;
    private final int blockSize;
    private long nextBlock;

    private Offsets(long[] table, int cursor, long regionStart, long regionBlocks, int blockSize) {
        this.table = table;
        this.cursor = cursor;
        this.regionStart = regionStart;
        this.regionBlocks = regionBlocks;
        this.blockSize = blockSize;
    }

    /**
     * {@code count} streams over a file of {@code fileSize} bytes in blocks of {@code blockSize}. Sequential streams
     * each own an equal region. Random streams draw from one table: with {@code shared} they are one stream (the
     * slots of a ring on one thread take offsets in turn); without, each starts at its own point of the table, as
     * each belongs to a different thread.
     */
    static Offsets[] streams(boolean sequential, boolean shared, int count, long fileSize, int blockSize) {
        Offsets[] streams = new Offsets[count];
        if (sequential) {
            long blocks = fileSize / blockSize / count;
            for (int s = 0; s < count; s++) {
                streams[s] = new Offsets(null, 0, s * blocks * blockSize, blocks, blockSize);
            }
            return streams;
        }
        long[] table = BenchFiles.offsets(fileSize, blockSize, TABLE_SIZE);
        Offsets one = new Offsets(table, 0, 0, 0, blockSize);
        for (int s = 0; s < count; s++) {
            streams[s] = shared ? one : new Offsets(table, (int) ((long) s * TABLE_SIZE / count), 0, 0, blockSize);
        }
        return streams;
    }

    long next() {
        if (table != null) {
            int c = cursor;
            cursor = (c + 1) & (table.length - 1);
            return table[c];
        }
        long b = nextBlock;
        nextBlock = b + 1 == regionBlocks ? 0 : b + 1;
        return regionStart + b * blockSize;
    }
}
