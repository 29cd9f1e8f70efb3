package dev.caio.benchmarks;

import dev.caio.AsyncFileContext;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import jdk.jfr.Recording;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What caio's JFR events ({@code dev.caio.Read} ...) cost a page-cached 4 KiB read joined on the benchmark thread,
 * the shape where a fixed cost per operation shows most: {@code -p jfr=off} (no recording), {@code recording} (a
 * recording runs with JFR's default settings, which leave the caio events disabled: the cost of the disabled check)
 * and {@code enabled} (the same recording with {@code dev.caio.Read} enabled, no threshold: every read is recorded).
 * The recording writes to a temporary file and is discarded at the end of the trial.
 */
@State(Scope.Benchmark)
public class JfrOverheadBenchmark extends AbstractCaioBenchmark {
    static final int OPS = 4096;

    @Param({"uring", "linux", "thread", "java"})
    public String impl;

    @Param({"off", "recording", "enabled"})
    public String jfr;

    private Path file;
    private RandomAccessFile raf;
    private FileDescriptor fd;
    private AsyncFileContext ctx;
    private Recording recording;
    private ByteBuffer buffer;
    private long[] offsets;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        long size = 64L << 20;
        file = BenchFiles.pageCached(size);
        raf = new RandomAccessFile(file.toFile(), "r");
        fd = raf.getFD();
        ctx = AsyncFileContext.create(impl, 32);
        buffer = ByteBuffer.allocateDirect(4096);
        offsets = BenchFiles.offsets(size, 4096, OPS);
        if (!jfr.equals("off")) {
            recording = new Recording();
            recording.setToDisk(true);
            recording.setDestination(Files.createTempFile("caio-jfr-overhead", ".jfr"));
            if (jfr.equals("enabled")) {
                recording.enable("dev.caio.Read").withoutThreshold();
            } else if (!jfr.equals("recording")) {
                throw new IllegalArgumentException("jfr is off, recording or enabled: " + jfr);
            }
            recording.start();
        }
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public int read() {
        int sum = 0;
        for (long off : offsets) {
            sum += ctx.read(buffer.clear(), fd, off).join();
        }
        return sum;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (recording != null) {
            Path out = recording.getDestination();
            recording.close();
            Files.deleteIfExists(out);
        }
        ctx.close();
        raf.close();
        Files.deleteIfExists(file);
    }
}
