package dev.caio.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The {@code fc}, {@code fc-threads} and {@code fc-vthreads} baselines: blocking {@link FileChannel} positional I/O,
 * on one platform thread (the queue depth is ignored), or on one platform or virtual thread per unit of queue depth.
 */
public final class ChannelTarget extends JdkBaseline {
    /** The name of the one-platform-thread baseline. */
    public static final String FC = "fc";
    /** The name of the platform-threads baseline. */
    public static final String FC_THREADS = "fc-threads";
    /** The name of the virtual-threads baseline. */
    public static final String FC_VTHREADS = "fc-vthreads";

    private final boolean perQueueSlot;
    private final IntFunction<ExecutorService> executors;

    private ChannelTarget(String name, boolean perQueueSlot, IntFunction<ExecutorService> executors) {
        super(name);
        this.perQueueSlot = perQueueSlot;
        this.executors = executors;
    }

    /** {@code fc}: one platform thread. */
    public static ChannelTarget platformThread() {
        return new ChannelTarget(FC, false, threads -> Executors.newSingleThreadExecutor());
    }

    /** {@code fc-threads}: {@code iodepth} platform threads, one pool per case. */
    public static ChannelTarget platformThreads() {
        return new ChannelTarget(FC_THREADS, true, Executors::newFixedThreadPool);
    }

    /** {@code fc-vthreads}: {@code iodepth} virtual threads made by {@code executors}, one executor per case. */
    public static ChannelTarget virtualThreads(Supplier<ExecutorService> executors) {
        return new ChannelTarget(FC_VTHREADS, true, threads -> executors.get());
    }

    /** Positional reads and writes on {@code channel}. */
    static BlockingLoop.Io io(FileChannel channel) {
        return (buffer, offset, write) -> write ? channel.write(buffer, offset) : channel.read(buffer, offset);
    }

    @Override
    public BenchResult run(BenchCase c, BenchEnv env, ProgressBar progress) throws IOException, InterruptedException {
        int workers = perQueueSlot ? c.iodepth() : 1;
        ExecutorService executor = executors.apply(workers);
        try (FileChannel channel = FileChannel.open(env.path(), env.channelOptions())) {
            return BlockingLoop.run(io(channel), executor, workers, c, env, progress);
        } finally {
            executor.shutdownNow();
        }
    }
}
