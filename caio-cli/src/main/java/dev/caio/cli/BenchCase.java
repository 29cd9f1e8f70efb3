package dev.caio.cli;

/**
 * One benchmark run: an implementation under a workload with a block size and a queue depth.
 *
 * @param implementation the implementation's name
 * @param workload what the operations do
 * @param blockSize bytes per operation
 * @param iodepth operations kept in flight
 */
public record BenchCase(String implementation, Workload workload, int blockSize, int iodepth) {

    /** A short name for progress output, such as {@code java randread}. */
    public String label() {
        return implementation + " " + workload.label();
    }
}
