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
import java.util.HashSet;
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
 * Random 4 KiB reads (or, with {@code -p rw=write}, writes) of a page-cached file at a queue depth, for each caio
 * implementation and the JDK baselines in the same run: {@code afc} ({@link AsynchronousFileChannel}), {@code fc}
 * (positional {@link FileChannel} I/O on the benchmark thread; the depth does not apply), {@code fc-threads} and
 * {@code fc-vthreads} (the same I/O on {@code qd} platform or virtual threads, JDK 21+). The score is operations per
 * second, across all submitting threads. The defaults are the case the README quotes; every other case is a
 * {@code -p} away.
 *
 * <p>{@code -p shape} drives the caio implementations the ways {@code caio bench --shape} does ({@link Shape}):
 * {@code async} (the benchmark thread keeps {@code qd} single calls in flight with a ring: each slot waits for its
 * previous operation, then starts the next into the same buffer), {@code threads} and {@code vthreads} ({@code qd}
 * platform or virtual threads, each joining one call at a time; {@link BlockingWorkers}) and {@code batch} (rounds of
 * {@code qd} operations, one {@code submit} per round). A baseline's name already says how it is driven, so it runs
 * with {@code shape=async} only and refuses the others in its setup: a run over several shapes measures it once.
 *
 * <p>{@code -p pattern=sequential} streams instead of jumping: each in-flight slot (each of the {@code qd} ring
 * slots, each submitting thread; the single {@code fc} thread is one stream) owns an equal region of the file and
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
 * <p>Not every combination can run: {@code afc} with {@code direct=true} needs {@code memory=direct-buffer} (the JDK
 * stages heap buffers of an {@code AsynchronousFileChannel} in unaligned memory even with {@code DIRECT}; the case
 * fails in its setup), and the {@code java} backend with heap memory on {@code O_DIRECT} fails with {@code EINVAL}
 * (its staging buffer is not aligned either); the baselines take no shape but {@code async}, and virtual threads need
 * JDK 21+. Every other combination works, writes included.
 *
 * <p>One invocation is {@value #OPS} operations whatever the block size: at 1 MiB that is 8 GiB, so an iteration
 * lasts at least as long as one invocation. {@code fileSize} (256 MiB by default) must hold {@code qd * bs}, and the
 * memory is sized for it: {@code qd} buffers of {@code bs} bytes (128 MiB at QD 128 and 1 MiB blocks; the forked JVM
 * has a 1 GiB heap).
 */
@State(Scope.Benchmark)
public class RandomIoBenchmark extends AbstractCaioBenchmark {
    static final int OPS = 8192;
    private static final Set<String> BASELINES = Set.of("afc", "fc", "fc-threads", "fc-vthreads");

    @Param({"uring", "linux", "thread", "java", "afc", "fc", "fc-threads", "fc-vthreads"})
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

    /** How caio is driven: {@code async}, {@code threads}, {@code vthreads}, {@code batch} ({@link Shape}). */
    @Param({"async"})
    public String shape;

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
    /** Where the thread shapes' workers run, null when the benchmark thread submits everything itself. */
    private ExecutorService workerThreads;
    private BlockingWorkers workers;
    private boolean read;
    private boolean sequential;
    private int mem;
    private Shape mode;
    /** Per slot: the buffer caio transfers ({@code null} for heap-array) and the one the JDK baselines use. */
    private ByteBuffer[] buffers;
    private ByteBuffer[] jdkBuffers;
    private byte[][] arrays;
    private Operation<?>[] batch;
    /** Per slot or submitting thread: where its next operation goes. */
    private Offsets[] streams;
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
        mode = Shape.of(shape);
        if (baseline() && mode != Shape.ASYNC) {
            throw new UnsupportedOperationException(impl + " is a baseline, driven as its name says: it runs with "
                    + "shape=async only, so that a run over several shapes measures it once");
        }
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
        streams = Offsets.streams(sequential, !threaded(), impl.equals("fc") ? 1 : qd, fileSize, bs);
    }

    private boolean baseline() {
        return BASELINES.contains(impl);
    }

    /** Whether the case submits from {@code qd} threads of its own rather than from the benchmark thread. */
    private boolean threaded() {
        return impl.equals("fc-threads") || impl.equals("fc-vthreads")
                || !baseline() && (mode == Shape.THREADS || mode == Shape.VTHREADS);
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
        Set<OpenOption> openOptions = new HashSet<>(Set.of(StandardOpenOption.READ));
        if (!read) {
            openOptions.add(StandardOpenOption.WRITE);
        }
        if (direct) {
            openOptions.add(ExtendedOpenOption.DIRECT);
        }
        switch (impl) {
            case "afc" -> afc = AsynchronousFileChannel.open(file, openOptions, null);
            case "fc", "fc-threads", "fc-vthreads" -> fc = FileChannel.open(file, openOptions);
            default -> ctx = context();
        }
        if (threaded()) {
            workerThreads = BlockingWorkers.threads(impl.equals("fc-vthreads") || mode == Shape.VTHREADS, qd);
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
        if (workerThreads != null) {
            workerThreads.shutdown();
        }
        if (directFile != null) {
            directFile.close();
        }
        raf.close();
        Files.deleteIfExists(file);
    }

    /** The thread shapes' workers run only while JMH measures or warms up, each iteration with fresh ones. */
    @Setup(Level.Iteration)
    public void startWorkers() {
        if (workerThreads != null) {
            workers = BlockingWorkers.start(workerThreads, streams, fc != null ? this::fcIo : this::caioJoin);
        }
    }

    @TearDown(Level.Iteration)
    public void stopWorkers() throws Exception {
        if (workers != null) {
            workers.stop();
            workers = null;
        }
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long randomIo() throws Exception {
        if (workers != null) {
            return workers.await(OPS);
        }
        return switch (impl) {
            case "afc" -> afc();
            case "fc" -> fc();
            default -> mode == Shape.BATCH ? caioBatch() : caio();
        };
    }

    private long caio() {
        long sum = 0;
        for (int i = 0; i < OPS; i++) {
            int k = i % qd;
            if (ring[k] != null) {
                sum += count(ring[k].join());
            }
            ring[k] = start(k, streams[k].next());
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
                batch[k] = operation(k, streams[k].next());
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

    private int caioJoin(int k, long offset) {
        return count(start(k, offset).join());
    }

    private static int count(Object result) {
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
            long offset = streams[k].next();
            afcRing[k] = read ? afc.read(b, offset) : afc.write(b, offset);
        }
        for (int k = 0; k < qd; k++) {
            if (afcRing[k] != null) {
                sum += (Integer) afcRing[k].get();
                afcRing[k] = null;
            }
        }
        return sum;
    }

    private long fc() throws IOException {
        long sum = 0;
        for (int i = 0; i < OPS; i++) {
            sum += fcIo(0, streams[0].next());
        }
        return sum;
    }

    private int fcIo(int k, long offset) throws IOException {
        ByteBuffer b = jdkBuffers[k].clear();
        return read ? fc.read(b, offset) : fc.write(b, offset);
    }
}
