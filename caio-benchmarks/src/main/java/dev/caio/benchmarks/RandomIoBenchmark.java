package dev.caio.benchmarks;

import com.sun.nio.file.ExtendedOpenOption;
import dev.caio.AsyncFileContext;
import dev.caio.Operation;
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
 * Random 4 KiB reads (or, with {@code -p rw=write}, writes) of a page-cached file from one submitting thread at a queue depth, for each caio implementation and the
 * JDK baselines in the same run: {@code afc} ({@link AsynchronousFileChannel}), {@code fc} (positional
 * {@link FileChannel} reads on the benchmark thread; the depth does not apply) and {@code fc-vthreads} (the same reads
 * spread over {@code qd} virtual threads, JDK 21+). The score is reads per second.
 *
 * <p>With {@code -p direct=true} the file is opened with {@code O_DIRECT} (on a file system that supports it:
 * {@code -Dcaio.bench.dir}), so reads go to the device and the queue depth is what counts; a virtual thread blocked
 * in such a read holds its carrier.
 *
 * <p>{@code -p options=registeredBuffers=1} passes backend options to the caio context ({@code none}: the defaults;
 * several as {@code k=v;k=v}), e.g. to measure what io_uring's registered staging arena does for heap memory.
 *
 * <p>The asynchronous cases keep {@code qd} reads in flight with a ring: each slot waits for its previous read, then
 * starts the next into the same direct buffer.
 */
@State(Scope.Benchmark)
public class RandomIoBenchmark extends AbstractCaioBenchmark {
    static final int OPS = 8192;

    @Param({"uring", "linux", "thread", "java", "afc", "fc-vthreads", "fc"})
    public String impl;

    /** {@code read} or {@code write}. */
    @Param({"read"})
    public String rw;

    /** The memory caio transfers: {@code direct-buffer} (zero-copy), {@code heap-buffer}, {@code heap-array}. */
    @Param({"direct-buffer"})
    public String memory;

    /** {@code single}: one operation per call, {@code qd} in flight; {@code batch}: {@code qd} operations per submit. */
    @Param({"single"})
    public String api;

    /** O_DIRECT: every read goes to the device (aligned buffers; caio through DirectFile, the JDK through DIRECT). */
    @Param({"false"})
    public boolean direct;

    /** Backend options for the caio context: {@code none}, or {@code key=value} pairs joined by {@code ;}. */
    @Param({"none"})
    public String options;

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
    private ByteBuffer[] heapBuffers;
    private byte[][] arrays;
    private Operation<?>[] batch;
    private long[] offsets;
    private int cursor;
    private CompletableFuture<?>[] ring;
    private Future<?>[] afcRing;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        file = BenchFiles.pageCached(fileSize);
        boolean write = rw.equals("write");
        raf = new RandomAccessFile(file.toFile(), write ? "rw" : "r");
        fd = raf.getFD();
        if (direct) {
            directFile = write ? DirectFile.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)
                    : DirectFile.open(file, StandardOpenOption.READ);
            fd = directFile.fd();
        }
        offsets = BenchFiles.offsets(fileSize, bs, 1 << 20);
        buffers = new ByteBuffer[qd];
        heapBuffers = new ByteBuffer[qd];
        arrays = new byte[qd][];
        for (int i = 0; i < qd; i++) {
            buffers[i] = DirectFile.allocate(bs, 4096);
            heapBuffers[i] = ByteBuffer.allocate(bs);
            arrays[i] = new byte[bs];
        }
        batch = new Operation<?>[qd];
        ring = new CompletableFuture<?>[qd];
        afcRing = new Future<?>[qd];
        Set<OpenOption> options = new java.util.HashSet<>(Set.of(StandardOpenOption.READ));
        if (write) {
            options.add(StandardOpenOption.WRITE);
        }
        if (direct) {
            options.add(ExtendedOpenOption.DIRECT);
        }
        switch (impl) {
            case "afc" -> afc = AsynchronousFileChannel.open(file, options, null);
            case "fc" -> fc = FileChannel.open(file, options);
            case "fc-vthreads" -> {
                fc = FileChannel.open(file, options);
                virtualThreads = VirtualThreads.newPerTaskExecutor();
            }
            default -> ctx = context();
        }
    }

    private AsyncFileContext context() {
        var builder = AsyncFileContext.builder().implementation(impl).maxRequests(Math.max(qd, 1));
        if (!options.equals("none")) {
            for (String pair : options.split(";")) {
                String[] kv = pair.split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("options: expected key=value, got '" + pair + "'");
                }
                builder.option(kv[0].strip(), kv[1].strip());
            }
        }
        return builder.build();
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
    public long randomIo() throws Exception {
        return switch (impl) {
            case "afc" -> afc();
            case "fc" -> {
                long sum = fc(buffers[0], OPS, cursor);
                cursor = (cursor + OPS) & (offsets.length - 1);
                yield sum;
            }
            case "fc-vthreads" -> virtualThreads();
            default -> api.equals("batch") ? caioBatch() : caio();
        };
    }

    private long caio() {
        long sum = 0;
        for (int i = 0; i < OPS; i++) {
            int k = i % qd;
            if (ring[k] != null) {
                sum += count(ring[k].join());
            }
            ring[k] = start(k, nextOffset());
        }
        for (int k = 0; k < qd; k++) {
            if (ring[k] != null) {
                sum += count(ring[k].join());
                ring[k] = null;
            }
        }
        return sum;
    }

    /** Rounds of {@code qd} operations, each round handed over in one {@code submit} and then awaited. */
    private long caioBatch() {
        long sum = 0;
        for (int i = 0; i < OPS; i += qd) {
            for (int k = 0; k < qd; k++) {
                batch[k] = operation(k, nextOffset());
            }
            ctx.submit(batch);
            for (int k = 0; k < qd; k++) {
                sum += count(batch[k].join());
            }
        }
        return sum;
    }

    private CompletableFuture<?> start(int k, long offset) {
        boolean read = rw.equals("read");
        return switch (memory) {
            case "heap-array" -> read ? ctx.read(bs, fd, offset) : ctx.write(arrays[k], fd, offset);
            case "heap-buffer" -> read ? ctx.read(heapBuffers[k].clear(), fd, offset)
                    : ctx.write(heapBuffers[k].clear(), fd, offset);
            default -> read ? ctx.read(buffers[k].clear(), fd, offset) : ctx.write(buffers[k].clear(), fd, offset);
        };
    }

    private Operation<?> operation(int k, long offset) {
        boolean read = rw.equals("read");
        return switch (memory) {
            case "heap-array" -> read ? Operation.read(bs, fd, offset) : Operation.write(arrays[k], fd, offset);
            case "heap-buffer" -> read ? Operation.read(heapBuffers[k].clear(), fd, offset)
                    : Operation.write(heapBuffers[k].clear(), fd, offset);
            default -> read ? Operation.read(buffers[k].clear(), fd, offset)
                    : Operation.write(buffers[k].clear(), fd, offset);
        };
    }

    private static long count(Object result) {
        return result instanceof byte[] b ? b.length : (Integer) result;
    }

    private long afc() throws Exception {
        long sum = 0;
        for (int i = 0; i < OPS; i++) {
            int k = i % qd;
            if (afcRing[k] != null) {
                sum += (Integer) afcRing[k].get();
            }
            afcRing[k] = rw.equals("read") ? afc.read(buffers[k].clear(), nextOffset())
                    : afc.write(buffers[k].clear(), nextOffset());
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
            long offset = offsets[(start + i) & (offsets.length - 1)];
            sum += rw.equals("read") ? fc.read(b.clear(), offset) : fc.write(b.clear(), offset);
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
