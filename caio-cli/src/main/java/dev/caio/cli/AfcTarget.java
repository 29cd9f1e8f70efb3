package dev.caio.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.CompletionHandler;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code afc} and {@code afc-chained} baselines: {@link AsynchronousFileChannel} (its default thread pool), driven
 * by the same closed loop as the caio implementations, or by chains of completion handlers ({@link ChainLoop}); opened
 * with {@code ExtendedOpenOption.DIRECT} under {@code --direct}.
 */
public final class AfcTarget extends JdkBaseline {
    /** The baseline's name. */
    public static final String NAME = "afc";
    /** The name of the baseline whose handlers start the next operations ({@link ChainLoop}). */
    public static final String CHAINED = "afc-chained";

    private final boolean chained;

    private AfcTarget(String name, boolean chained) {
        super(name);
        this.chained = chained;
    }

    /** {@code afc}: the closed loop of the caio implementations, each handler completing a future. */
    public static AfcTarget closedLoop() {
        return new AfcTarget(NAME, false);
    }

    /** {@code afc-chained}: each handler starts its chain's next operation. */
    public static AfcTarget chainedHandlers() {
        return new AfcTarget(CHAINED, true);
    }

    @Override
    public BenchResult run(BenchCase c, BenchEnv env, ProgressBar progress) throws IOException, InterruptedException {
        try (AsynchronousFileChannel channel = AsynchronousFileChannel.open(env.path(), env.channelOptions())) {
            return drive(channel, chained, c, env, progress);
        }
    }

    /** Runs {@code c} on {@code channel} in the closed loop, or in chains of handlers. */
    static BenchResult drive(AsynchronousFileChannel channel, boolean chained, BenchCase c, BenchEnv env,
                             ProgressBar progress) throws IOException, InterruptedException {
        return chained ? ChainLoop.run(channel, c, env, progress)
                : AsyncLoop.run((buffer, offset, write) -> submit(channel, buffer, offset, write), c, env, progress);
    }

    /** One read or write on {@code channel}, its handler completing the returned future. */
    static CompletableFuture<Integer> submit(AsynchronousFileChannel channel, ByteBuffer buffer, long offset,
                                             boolean write) {
        CompletableFuture<Integer> future = new CompletableFuture<>();
        CompletionHandler<Integer, Void> handler = new CompletionHandler<>() {
            @Override
            public void completed(Integer count, Void attachment) {
                future.complete(count);
            }

            @Override
            public void failed(Throwable error, Void attachment) {
                future.completeExceptionally(error);
            }
        };
        if (write) {
            channel.write(buffer, offset, null, handler);
        } else {
            channel.read(buffer, offset, null, handler);
        }
        return future;
    }
}
