package dev.caio.cli;

import dev.caio.AsyncFileContext;
import dev.caio.DirectFile;
import dev.caio.OpenFile;
import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.file.StandardOpenOption;

/**
 * A caio implementation: a context of {@code iodepth} requests per case, on the file opened by path, or with
 * {@code O_DIRECT} through {@link DirectFile}.
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
        return AsyncLoop.run((buffer, offset, write) -> write ? ctx.write(buffer, fd, offset)
                : ctx.read(buffer, fd, offset), c, env, progress);
    }
}
