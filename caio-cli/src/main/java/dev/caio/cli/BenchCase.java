package dev.caio.cli;

/**
 * One benchmark run: an implementation (or baseline) under a workload with a block size and a queue depth.
 *
 * @param implementation the implementation's or baseline's name
 * @param workload what the operations do
 * @param blockSize bytes per operation
 * @param iodepth operations kept in flight
 */
public record BenchCase(String implementation, Workload workload, int blockSize, int iodepth) {

    /** A short name for progress output, such as {@code java randread 4k qd32}. */
    public String label() {
        return implementation + " " + key().label();
    }

    /** The case without the implementation, to compare implementations on. */
    public Key key() {
        return new Key(workload, blockSize, iodepth);
    }

    /**
     * What implementations are compared on: workload, block size, queue depth.
     *
     * @param workload what the operations do
     * @param blockSize bytes per operation
     * @param iodepth operations kept in flight
     */
    public record Key(Workload workload, int blockSize, int iodepth) {
        /** Such as {@code randread 4k qd32}. */
        public String label() {
            return workload.label() + " " + SizeParser.format(blockSize) + " qd" + iodepth;
        }
    }
}
