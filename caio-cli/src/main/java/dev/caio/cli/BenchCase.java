package dev.caio.cli;

/**
 * One benchmark run: an implementation (or baseline) under a workload with a block size and a queue depth, driven in
 * a shape.
 *
 * @param implementation the implementation's or baseline's name
 * @param shape how a caio implementation is driven; null for a baseline, whose name says how it runs
 * @param workload what the operations do
 * @param blockSize bytes per operation
 * @param iodepth operations kept in flight
 */
public record BenchCase(String implementation, Shape shape, Workload workload, int blockSize, int iodepth) {

    /**
     * The name results are grouped under: the implementation's, followed by {@code /shape} for a shape other than
     * {@link Shape#ASYNC}, such as {@code thread/vthreads}.
     */
    public String name() {
        return shape == null || shape == Shape.ASYNC ? implementation : implementation + "/" + shape.label();
    }

    /** A short name for progress output, such as {@code java randread 4k qd32}. */
    public String label() {
        return name() + " " + key().label();
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
