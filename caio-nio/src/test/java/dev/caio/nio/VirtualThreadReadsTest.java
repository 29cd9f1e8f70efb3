package dev.caio.nio;

import static dev.caio.nio.Differential.options;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.caio.AsyncFileContext;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Many virtual threads reading random blocks through one {@link CaioFileChannel}, page-cached and {@code O_DIRECT}:
 * every read returns the file's bytes. On io_uring a virtual thread's device reads go through the completion
 * thread's ring (its submitter parks in user space), which this drives for real on JDK 21+.
 */
class VirtualThreadReadsTest {
    private static final int BLOCK = 4096;
    private static final int BLOCKS = 256;
    private static final int THREADS = 64;
    private static final int READS = 100;

    @ParameterizedTest
    @MethodSource("dev.caio.nio.Contexts#implementations")
    void everyReadFromManyVirtualThreadsReturnsTheFilesBytes(String impl) throws Exception {
        ExecutorService threads = virtualThreads();
        Path file = Files.createTempFile(Path.of(System.getProperty("java.io.tmpdir")), "caio-vt", ".dat");
        try (AsyncFileContext ctx = AsyncFileContext.create(impl, THREADS)) {
            byte[] content = new byte[BLOCK * BLOCKS];
            new SplittableRandom(7).nextBytes(content);
            Files.write(file, content);
            readAll(ctx, file, options(READ), content, threads, false);
            readAll(ctx, file, options(READ, WRITE, Differential.directOption()), content, threads, true);
        } finally {
            threads.shutdownNow();
            Files.deleteIfExists(file);
        }
    }

    private static void readAll(AsyncFileContext ctx, Path file, Set<OpenOption> opts, byte[] content,
                                ExecutorService threads, boolean direct) throws Exception {
        try (FileChannel ch = CaioFileChannel.open(ctx, file, opts)) {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long seed = t;
                done.add(threads.submit(() -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    ByteBuffer b = direct ? AsyncSteps.aligned(BLOCK) : ByteBuffer.allocate(BLOCK);
                    byte[] got = new byte[BLOCK];
                    for (int i = 0; i < READS; i++) {
                        int block = r.nextInt(BLOCKS);
                        b.clear();
                        assertEquals(BLOCK, ch.read(b, (long) block * BLOCK));
                        b.flip().get(got);
                        for (int k = 0; k < BLOCK; k++) {
                            if (got[k] != content[block * BLOCK + k]) {
                                throw new AssertionError("block " + block + " byte " + k + " differs");
                            }
                        }
                    }
                    return READS;
                }));
            }
            int total = 0;
            for (Future<Integer> f : done) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            assertEquals(THREADS * READS, total);
        }
    }

    /** A virtual thread per task on JDK 21+, found by reflection since this module compiles for 17. */
    private static ExecutorService virtualThreads() {
        try {
            return (ExecutorService) java.util.concurrent.Executors.class
                    .getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException e) {
            assumeTrue(false, "virtual threads need JDK 21+");
            throw new AssertionError(e);
        }
    }
}
