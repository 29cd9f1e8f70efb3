package dev.caio.cli;

import dev.caio.AsyncFileContext;
import dev.caio.nio.CaioAsynchronousFileChannel;
import dev.caio.nio.CaioFileChannel;
import java.io.IOException;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The channel shapes: caio's JDK drop-ins ({@code caio-nio}) driven exactly as the baselines of the same names drive
 * the JDK's channels, opened with the same options ({@code DIRECT} under {@code --direct}), so that a row and its
 * {@code x fc...} or {@code x afc} ratio answer "what if I changed only the factory call".
 */
final class ChannelShapes {
    private ChannelShapes() {
    }

    static BenchResult run(AsyncFileContext ctx, BenchCase c, BenchEnv env, ProgressBar progress)
            throws IOException, InterruptedException {
        Set<OpenOption> options = Set.of(env.channelOptions());
        if (c.shape() == Shape.AFC || c.shape() == Shape.AFC_CHAINED) {
            try (AsynchronousFileChannel channel = CaioAsynchronousFileChannel.open(ctx, env.path(), options, null)) {
                return AfcTarget.drive(channel, c.shape() == Shape.AFC_CHAINED, c, env, progress);
            }
        }
        int workers = c.shape() == Shape.FC ? 1 : c.iodepth();
        ExecutorService executor = switch (c.shape()) {
            case FC -> Executors.newSingleThreadExecutor();
            case FC_THREADS -> Executors.newFixedThreadPool(workers);
            default -> VirtualThreads.newExecutor();
        };
        try (FileChannel channel = CaioFileChannel.open(ctx, env.path(), options)) {
            return BlockingLoop.run(ChannelTarget.io(channel), executor, workers, c, env, progress);
        } finally {
            executor.shutdownNow();
        }
    }
}
