package dev.caio.benchmarks;

import com.sun.nio.file.ExtendedOpenOption;
import dev.caio.AsyncFileContext;
import dev.caio.linux.DirectFile;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Random reads of a page-cached file from one submitting thread at a queue depth, for each caio implementation and the
 * JDK baselines in the same run: {@code afc} ({@link AsynchronousFileChannel}), {@code fc} (positional
 * {@link FileChannel} reads on the benchmark thread; the depth does not apply) and {@code fc-vthreads} (the same reads
 * spread over {@code qd} virtual threads, JDK 21+). The score is reads per second.
 *
 * <p>With {@code -p direct=true} the file is opened with {@code O_DIRECT} (on a file system that supports it:
 * {@code -Dcaio.bench.dir}), so reads go to the device and the queue depth is what counts; a virtual thread blocked
 * in such a read holds its carrier.
 *
 * <p>The asynchronous cases keep {@code qd} reads in flight with a ring: each slot waits for its previous read, then
 * starts the next into the same direct buffer.
 */
@State(Scope.Benchmark)
public class RandomReadBenchmark extends AbstractCaioBenchmark {
    static final int OPS = 8192;

    @Param({"uring", "linux", "thread", "java", "afc", "fc-vthreads", "fc"})
    public String impl;

    /** O_DIRECT: every read goes to the device (aligned buffers; caio through DirectFile, the JDK through DIRECT). */
    @Param({"false"})
    public boolean direct;

    @Param({"1", "32", "128"})
    public int qd;

    @Param({"4096"})
    public int bs;

    @Param({"268435456"})
    public long fileSize;

    private Path file;
    private RandomAccessFile raf;
    private DirectFile directFile;
    private FileDescriptor fd;
    private AsyncFileContext ctx;
    private AsynchronousFileChannel afc;
    private FileChannel fc;
    private ExecutorService virtualThreads;
    private ByteBuffer[] buffers;
    private long[] offsets;
    private int cursor;
    private CompletableFuture<?>[] ring;
    private Future<?>[] afcRing;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        file = BenchFiles.pageCached(fileSize);
        raf = new RandomAccessFile(file.toFile(), "r");
        fd = raf.getFD();
        if (direct) {
            directFile = DirectFile.open(file, StandardOpenOption.READ);
            fd = directFile.fd();
        }
        offsets = BenchFiles.offsets(fileSize, bs, 1 << 20);
        buffers = new ByteBuffer[qd];
        for (int i = 0; i < qd; i++) {
            buffers[i] = DirectFile.allocate(bs, 4096);
        }
        ring = new CompletableFuture<?>[qd];
        afcRing = new Future<?>[qd];
        Set<OpenOption> options = direct ? Set.of(StandardOpenOption.READ, ExtendedOpenOption.DIRECT)
                : Set.of(StandardOpenOption.READ);
        switch (impl) {
            case "afc" -> afc = AsynchronousFileChannel.open(file, options, null);
            case "fc" -> fc = FileChannel.open(file, options);
            case "fc-vthreads" -> {
                fc = FileChannel.open(file, options);
                virtualThreads = VirtualThreads.newPerTaskExecutor();
            }
            default -> ctx = AsyncFileContext.create(impl, Math.max(qd, 1));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (ctx != null) {
            ctx.close();
        }
        if (afc != null) {
            afc.close();
        }
        if (fc != null) {
            fc.close();
        }
        if (virtualThreads != null) {
            virtualThreads.shutdown();
        }
        if (directFile != null) {
            directFile.close();
        }
        raf.close();
        Files.deleteIfExists(file);
    }

    private long nextOffset() {
        int c = cursor;
        cursor = (c + 1) & (offsets.length - 1);
        return offsets[c];
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long randomRead() throws Exception {
        return switch (impl) {
            case "afc" -> afc();
            case "fc" -> {
                long sum = fc(buffers[0], OPS, cursor);
                cursor = (cursor + OPS) & (offsets.length - 1);
                yield sum;
            }
            case "fc-vthreads" -> virtualThreads();
            default -> caio();
        };
    }

    private long caio() {
        long sum = 0;
        for (int i = 0; i < OPS; i++) {
            int k = i % qd;
            if (ring[k] != null) {
                sum += (Integer) ring[k].join();
            }
            ring[k] = ctx.read(buffers[k].clear(), fd, nextOffset());
        }
        for (int k = 0; k < qd; k++) {
            if (ring[k] != null) {
                sum += (Integer) ring[k].join();
                ring[k] = null;
            }
        }
        return sum;
    }

    private long afc() throws Exception {
        long sum = 0;
        for (int i = 0; i < OPS; i++) {
            int k = i % qd;
            if (afcRing[k] != null) {
                sum += (Integer) afcRing[k].get();
            }
            afcRing[k] = afc.read(buffers[k].clear(), nextOffset());
        }
        for (int k = 0; k < qd; k++) {
            if (afcRing[k] != null) {
                sum += (Integer) afcRing[k].get();
                afcRing[k] = null;
            }
        }
        return sum;
    }

    private long fc(ByteBuffer b, int count, int start) throws IOException {
        long sum = 0;
        for (int i = 0; i < count; i++) {
            sum += fc.read(b.clear(), offsets[(start + i) & (offsets.length - 1)]);
        }
        return sum;
    }

    private long virtualThreads() throws Exception {
        int per = OPS / qd;
        List<Future<Long>> parts = new ArrayList<>(qd);
        for (int t = 0; t < qd; t++) {
            ByteBuffer b = buffers[t];
            int start = cursor + t * per;
            parts.add(virtualThreads.submit(() -> fc(b, per, start)));
        }
        cursor = (cursor + OPS) & (offsets.length - 1);
        long sum = 0;
        for (Future<Long> f : parts) {
            sum += f.get();
        }
        return sum;
    }
}
