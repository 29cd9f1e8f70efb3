package dev.caio.benchmarks;

import com.sun.nio.file.ExtendedOpenOption;
import dev.caio.AsyncFileContext;
import dev.caio.DirectFile;
import dev.caio.Operation;
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
import java.util.concurrent.ThreadLocalRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Random 4 KiB reads (or, with {@code -p rw=write}, writes) of a page-cached file from one submitting thread at a
 * queue depth, for each caio implementation and the JDK baselines in the same run: {@code afc}
 * ({@link AsynchronousFileChannel}), {@code fc} (positional {@link FileChannel} I/O on the benchmark thread; the depth
 * does not apply) and {@code fc-vthreads} (the same I/O spread over {@code qd} virtual threads, JDK 21+). The score
 * is operations per second. The defaults are the case the README quotes; every other case is a {@code -p} away.
 *
 * <p>{@code -p pattern=sequential} streams instead of jumping: each in-flight slot (each of the {@code qd} ring
 * slots, each virtual thread; the single {@code fc} thread is one stream) owns an equal region of the file and
 * reads or writes it block after block, wrapping at the region's end.
 *
 * <p>With {@code -p direct=true} the file is opened with {@code O_DIRECT} (on a file system that supports it:
 * {@code -Dcaio.bench.dir}), so I/O goes to the device and the queue depth is what counts; a virtual thread blocked
 * in such a read holds its carrier.
 *
 * <p>{@code -p memory} picks the memory: {@code direct-buffer} (aligned direct buffers, zero-copy), {@code heap-buffer}
 * ({@code ByteBuffer.allocate}), {@code heap-array} (caio: {@code read(length, ...)} returning a new array and
 * {@code write(byte[], ...)}; the JDK baselines, which have no array API, use a wrapped preallocated array).
 *
 * <p>{@code -p options=registeredBuffers=1} passes backend options to the caio context ({@code none}: the defaults;
 * several as {@code k=v;k=v}), e.g. to measure what io_uring's registered staging arena does for heap memory.
 *
 * <p>The asynchronous cases keep {@code qd} operations in flight with a ring: each slot waits for its previous
 * operation, then starts the next into the same buffer. With {@code -p api=batch} they go in rounds of {@code qd}
 * operations, one {@code submit} per round.
 *
 * <p>Not every combination can run: {@code afc} with {@code direct=true} needs {@code memory=direct-buffer} (the JDK
 * stages heap buffers of an {@code AsynchronousFileChannel} in unaligned memory even with {@code DIRECT}; the case
 * fails in its setup), and the {@code java} backend with heap memory on {@code O_DIRECT} fails with {@code EINVAL}
 * (its staging buffer is not aligned either). Every other combination works, writes included.
 *
 * <p>One invocation is {@value #OPS} operations whatever the block size: at 1 MiB that is 8 GiB, so an iteration
 * lasts at least as long as one invocation. {@code fileSize} (256 MiB by default) must hold {@code qd * bs}, and the
 * memory is sized for it: {@code qd} buffers of {@code bs} bytes (128 MiB at QD 128 and 1 MiB blocks; the forked JVM
 * has a 1 GiB heap).
 */
@State(Scope.Benchmark)
public class RandomIoBenchmark extends AbstractCaioBenchmark {
    static final int OPS = 8192;

    @Param({"uring", "linux", "thread", "java", "afc", "fc-vthreads", "fc"})
    public String impl;

    /** {@code read} or {@code write}. */
    @Param({"read"})
    public String rw;

    /** {@code random} (uniform block-aligned offsets) or {@code sequential} (one streaming region per slot). */
    @Param({"random"})
    public String pattern;

    /** The memory caio transfers: {@code direct-buffer} (zero-copy), {@code heap-buffer}, {@code heap-array}. */
    @Param({"direct-buffer"})
    public String memory;

    /** {@code single}: one operation per call, {@code qd} in flight; {@code batch}: {@code qd} operations per submit. */
    @Param({"single"})
    public String api;

    /** O_DIRECT: every operation goes to the device (caio through DirectFile, the JDK through DIRECT). */
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

    private static final int DIRECT_BUFFER = 0;
    private static final int HEAP_BUFFER = 1;
    private static final int HEAP_ARRAY = 2;

    private Path file;
    private RandomAccessFile raf;
    private DirectFile directFile;
    private FileDescriptor fd;
    private AsyncFileContext ctx;
    private AsynchronousFileChannel afc;
    private FileChannel fc;
    private ExecutorService virtualThreads;
    private boolean read;
    private boolean sequential;
    private int mem;
    /** Per slot: the buffer caio transfers ({@code null} for heap-array) and the one the JDK baselines use. */
    private ByteBuffer[] buffers;
    private ByteBuffer[] jdkBuffers;
    private byte[][] arrays;
    private Operation<?>[] batch;
    private long[] offsets;
    private int cursor;
    /** Sequential: where each stream's region starts, its length in blocks, and the next block of each. */
    private long[] regionStart;
    private long regionBlocks;
    private long[] nextBlock;
    private CompletableFuture<?>[] ring;
    private Future<?>[] afcRing;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        parseParams();
        openFile();
        allocateBuffers();
        openTarget();
    }

    private void parseParams() {
        read = switch (rw) {
            case "read" -> true;
            case "write" -> false;
            default -> throw new IllegalArgumentException("rw: read or write, not '" + rw + "'");
        };
        sequential = switch (pattern) {
            case "random" -> false;
            case "sequential" -> true;
            default -> throw new IllegalArgumentException("pattern: random or sequential, not '" + pattern + "'");
        };
        mem = switch (memory) {
            case "direct-buffer" -> DIRECT_BUFFER;
            case "heap-buffer" -> HEAP_BUFFER;
            case "heap-array" -> HEAP_ARRAY;
            default -> throw new IllegalArgumentException(
                    "memory: direct-buffer, heap-buffer or heap-array, not '" + memory + "'");
        };
        if (qd < 1 || bs < 1 || (long) qd * bs > fileSize) {
            throw new IllegalArgumentException("fileSize " + fileSize + " must hold qd * bs = " + qd + " * " + bs
                    + " bytes: raise -p fileSize");
        }
        if (direct && impl.equals("afc") && mem != DIRECT_BUFFER) {
            // AsynchronousFileChannel stages heap buffers in an unaligned temporary buffer even with DIRECT: EINVAL.
            throw new UnsupportedOperationException("afc with O_DIRECT needs -p memory=direct-buffer: the JDK's "
                    + "AsynchronousFileChannel fails heap-buffer I/O on a DIRECT channel with EINVAL");
        }
    }

    /** The page-cached file, its descriptor (O_DIRECT if asked) and each stream's region of it. */
    private void openFile() throws IOException {
        file = BenchFiles.pageCached(fileSize);
        raf = new RandomAccessFile(file.toFile(), read ? "r" : "rw");
        fd = raf.getFD();
        if (direct) {
            directFile = read ? DirectFile.open(file, StandardOpenOption.READ)
                    : DirectFile.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            fd = directFile.fd();
        }
        offsets = BenchFiles.offsets(fileSize, bs, 1 << 20);
        int streams = impl.equals("fc") ? 1 : qd;
        regionBlocks = fileSize / bs / streams;
        regionStart = new long[streams];
        nextBlock = new long[streams];
        for (int s = 0; s < streams; s++) {
            regionStart[s] = s * regionBlocks * bs;
        }
    }

    private void allocateBuffers() {
        buffers = new ByteBuffer[qd];
        jdkBuffers = new ByteBuffer[qd];
        arrays = new byte[qd][];
        for (int i = 0; i < qd; i++) {
            switch (mem) {
                case DIRECT_BUFFER -> buffers[i] = DirectFile.allocate(bs, 4096);
                case HEAP_BUFFER -> buffers[i] = ByteBuffer.allocate(bs);
                default -> {
                    arrays[i] = new byte[bs];
                    ThreadLocalRandom.current().nextBytes(arrays[i]);
                }
            }
            jdkBuffers[i] = mem == HEAP_ARRAY ? ByteBuffer.wrap(arrays[i]) : buffers[i];
        }
        batch = new Operation<?>[qd];
        ring = new CompletableFuture<?>[qd];
        afcRing = new Future<?>[qd];
    }

    /** The caio context or the JDK channel the benchmark drives. */
    private void openTarget() throws IOException {
        Set<OpenOption> openOptions = new java.util.HashSet<>(Set.of(StandardOpenOption.READ));
        if (!read) {
            openOptions.add(StandardOpenOption.WRITE);
        }
        if (direct) {
            openOptions.add(ExtendedOpenOption.DIRECT);
        }
        switch (impl) {
            case "afc" -> afc = AsynchronousFileChannel.open(file, openOptions, null);
            case "fc" -> fc = FileChannel.open(file, openOptions);
            case "fc-vthreads" -> {
                fc = FileChannel.open(file, openOptions);
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

    /** The next offset for ring slot (stream) {@code slot}: its region's next block, or the next random one. */
    private long nextOffset(int slot) {
        if (sequential) {
            return nextSequential(slot);
        }
        int c = cursor;
        cursor = (c + 1) & (offsets.length - 1);
        return offsets[c];
    }

    private long nextSequential(int stream) {
        long b = nextBlock[stream];
        nextBlock[stream] = b + 1 == regionBlocks ? 0 : b + 1;
        return regionStart[stream] + b * bs;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long randomIo() throws Exception {
        return switch (impl) {
            case "afc" -> afc();
            case "fc" -> {
                long sum = fc(jdkBuffers[0], OPS, 0, cursor);
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
            ring[k] = start(k, nextOffset(k));
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
                batch[k] = operation(k, nextOffset(k));
            }
            ctx.submit(batch);
            for (int k = 0; k < qd; k++) {
                sum += count(batch[k].join());
            }
        }
        return sum;
    }

    private CompletableFuture<?> start(int k, long offset) {
        if (mem == HEAP_ARRAY) {
            return read ? ctx.read(bs, fd, offset) : ctx.write(arrays[k], fd, offset);
        }
        ByteBuffer b = buffers[k].clear();
        return read ? ctx.read(b, fd, offset) : ctx.write(b, fd, offset);
    }

    private Operation<?> operation(int k, long offset) {
        if (mem == HEAP_ARRAY) {
            return read ? Operation.read(bs, fd, offset) : Operation.write(arrays[k], fd, offset);
        }
        ByteBuffer b = buffers[k].clear();
        return read ? Operation.read(b, fd, offset) : Operation.write(b, fd, offset);
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
            ByteBuffer b = jdkBuffers[k].clear();
            afcRing[k] = read ? afc.read(b, nextOffset(k)) : afc.write(b, nextOffset(k));
        }
        for (int k = 0; k < qd; k++) {
            if (afcRing[k] != null) {
                sum += (Integer) afcRing[k].get();
                afcRing[k] = null;
            }
        }
        return sum;
    }

    /** {@code count} operations on the calling thread: stream {@code stream}'s region, or random from {@code start}. */
    private long fc(ByteBuffer b, int count, int stream, int start) throws IOException {
        long sum = 0;
        for (int i = 0; i < count; i++) {
            long offset = sequential ? nextSequential(stream) : offsets[(start + i) & (offsets.length - 1)];
            sum += read ? fc.read(b.clear(), offset) : fc.write(b.clear(), offset);
        }
        return sum;
    }

    private long virtualThreads() throws Exception {
        int per = OPS / qd;
        List<Future<Long>> parts = new ArrayList<>(qd);
        for (int t = 0; t < qd; t++) {
            ByteBuffer b = jdkBuffers[t];
            int stream = t;
            int start = cursor + t * per;
            parts.add(virtualThreads.submit(() -> fc(b, per, stream, start)));
        }
        cursor = (cursor + OPS) & (offsets.length - 1);
        long sum = 0;
        for (Future<Long> f : parts) {
            sum += f.get();
        }
        return sum;
    }
}
