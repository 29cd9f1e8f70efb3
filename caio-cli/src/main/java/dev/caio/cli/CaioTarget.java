package dev.caio.cli;

import dev.caio.AsyncFileContext;
import dev.caio.DirectFile;
import dev.caio.OpenFile;
import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A caio implementation: a context of {@code iodepth} requests per case, on the file opened by path, or with
 * {@code O_DIRECT} through {@link DirectFile}, driven in the case's {@link Shape}.
 *
 * @param name the implementation's name
 */
public record CaioTarget(String name) implements BenchTarget {

    @Override
    public boolean baseline() {
        return false;
    }

    @Override
    public BenchResult run(BenchCase c, BenchEnv env, ProgressBar progress) throws IOException, InterruptedException {
        try (AsyncFileContext ctx = AsyncFileContext.create(name, c.iodepth())) {
            switch (c.shape()) {
                case FC, FC_THREADS, FC_VTHREADS, AFC, AFC_CHAINED:
                    return ChannelShapes.run(ctx, c, env, progress);
                default:
                    break;
            }
            if (env.direct()) {
                try (DirectFile file = DirectFile.open(env.path(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    return run(ctx, file.fd(), c, env, progress);
                }
            }
            try (OpenFile file = OpenFile.open(env.path(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                return run(ctx, file.fd(), c, env, progress);
            }
        }
    }

    private static BenchResult run(AsyncFileContext ctx, FileDescriptor fd, BenchCase c, BenchEnv env,
                                   ProgressBar progress) throws IOException, InterruptedException {
        AsyncLoop.Submitter call = (buffer, offset, write) -> write ? ctx.write(buffer, fd, offset)
                : ctx.read(buffer, fd, offset);
        return switch (c.shape()) {
            case ASYNC -> AsyncLoop.run(call, c, env, progress);
            case THREADS -> joining(call, Executors.newFixedThreadPool(c.iodepth()), c, env, progress);
            case VTHREADS -> joining(call, VirtualThreads.newExecutor(), c, env, progress);
            case BATCH -> BatchLoop.run(ctx, fd, c, env, progress);
            case FC, FC_THREADS, FC_VTHREADS, AFC, AFC_CHAINED -> throw new AssertionError(c.shape());
        };
    }

    /** {@code iodepth} tasks on {@code executor}, each joining one call at a time. */
    private static BenchResult joining(AsyncLoop.Submitter call, ExecutorService executor, BenchCase c, BenchEnv env,
                                       ProgressBar progress) throws IOException, InterruptedException {
        try {
            return BlockingLoop.run((buffer, offset, write) -> call.submit(buffer, offset, write).join(), executor,
                    c.iodepth(), c, env, progress);
        } finally {
            executor.shutdownNow();
        }
    }
}
