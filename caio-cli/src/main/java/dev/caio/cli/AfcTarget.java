package dev.caio.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.CompletionHandler;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code afc} baseline: {@link AsynchronousFileChannel} (its default thread pool), driven by the same closed loop
 * as the caio implementations; opened with {@code ExtendedOpenOption.DIRECT} under {@code --direct}.
 */
public final class AfcTarget extends JdkBaseline {
    /** The baseline's name. */
    public static final String NAME = "afc";

    /** Creates the baseline. */
    public AfcTarget() {
        super(NAME);
    }

    @Override
    public BenchResult run(BenchCase c, BenchEnv env, ProgressBar progress) throws IOException, InterruptedException {
        try (AsynchronousFileChannel channel = AsynchronousFileChannel.open(env.path(), env.channelOptions())) {
            return AsyncLoop.run((buffer, offset, write) -> submit(channel, buffer, offset, write), c, env, progress);
        }
    }

    private static CompletableFuture<Integer> submit(AsynchronousFileChannel channel, ByteBuffer buffer, long offset,
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
