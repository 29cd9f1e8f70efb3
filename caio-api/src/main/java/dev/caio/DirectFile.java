package dev.caio;

import java.io.FileDescriptor;
import java.io.IOException;
import dev.caio.spi.DescriptorGuard;
import dev.caio.spi.DirectFileSupport;
import dev.caio.spi.FileSupport;
import java.nio.ByteBuffer;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Set;

/**
 * A file opened with {@code O_DIRECT}: reads and writes bypass the page cache and go straight between the device and
 * your buffer, which is where asynchronous I/O wins by its queue depth.
 *
 * <p><b>Alignment rules.</b> The kernel requires the file offset, the length and the buffer's memory address of every
 * request to be multiples of {@link #alignment()} (the device's logical block size, typically 512 or 4096; read from
 * {@code statx(STATX_DIOALIGN)} where the kernel reports it, else 4096). Use {@link #allocate(int)} for buffers:
 * direct, aligned, and a multiple in size. Heap arrays and heap buffers work too, through one copy into the
 * library's page-aligned staging memory, as long as offset and length are aligned.
 * A misaligned request fails with a {@link dev.caio.CaioIOException} ({@code EINVAL}) that says so, not a bare
 * {@code EINVAL}. Not every filesystem supports {@code O_DIRECT} (tmpfs does not): {@link #open} then fails with
 * {@code EINVAL}.
 *
 * <p>Works with every implementation (io_uring and Linux AIO gain the most: a virtual thread doing {@code O_DIRECT}
 * I/O with {@code FileChannel} pins its carrier). Opening needs one caio native library on the class or module path
 * ({@code caio-uring}, {@code caio-linux} or {@code caio-thread}: any of them), since the JDK cannot open a
 * {@link FileDescriptor} with {@code O_DIRECT}.
 *
 * <p>Thread-safe. Closing with operations in flight is safe, as for {@link OpenFile}: operations not yet
 * handed to the kernel fail with {@code EBADF}, and the number is released only after the kernel finished the rest.
 *
 * @since 0.1
 */
public final class DirectFile implements AutoCloseable {
    private static final Set<OpenOption> SUPPORTED = Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE,
            StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.DSYNC,
            StandardOpenOption.SYNC);


    private final Path path;
    private final FileDescriptor fd;
    private final int alignment;
    private final DescriptorGuard guard;

    private DirectFile(Path path, FileDescriptor fd, int alignment, DirectFileSupport support) {
        this.path = path;
        this.fd = fd;
        this.alignment = alignment;
        this.guard = DescriptorGuard.register(fd, () -> support.close(fd));
    }

    /**
     * Opens {@code path} with {@code O_DIRECT}; with no options, for reading.
     *
     * @param path the file to open
     * @param options any of {@code READ}, {@code WRITE}, {@code CREATE}, {@code TRUNCATE_EXISTING}, {@code DSYNC}
     *        and {@code SYNC}; a file opened with {@code WRITE} is readable too
     * @return the open file; the caller owns it and must close it (it is not closed by garbage collection)
     * @throws IllegalArgumentException for an unsupported option (APPEND: the kernel would ignore offsets)
     * @throws IOException naming the errno if open(2) fails ({@code EINVAL}: the filesystem has no direct I/O)
     * @throws UnsupportedOperationException when no caio native library can load here (the cause says why)
     */
    public static DirectFile open(Path path, OpenOption... options) throws IOException {
        Objects.requireNonNull(path, "path");
        Set<OpenOption> opts = Set.of(options);
        for (OpenOption o : opts) {
            if (!SUPPORTED.contains(o)) {
                throw new IllegalArgumentException("unsupported open option " + o + "; supported: " + SUPPORTED);
            }
        }
        DirectFileSupport support = FileSupport.get();
        FileDescriptor fd = support.open(path, opts.contains(StandardOpenOption.WRITE),
                opts.contains(StandardOpenOption.CREATE), opts.contains(StandardOpenOption.TRUNCATE_EXISTING),
                opts.contains(StandardOpenOption.DSYNC), opts.contains(StandardOpenOption.SYNC));
        try {
            return new DirectFile(path, fd, support.alignment(fd), support);
        } catch (IOException | RuntimeException e) {
            support.close(fd);
            throw e;
        }
    }

    /**
     * A direct buffer of {@code size} bytes whose address is a multiple of {@code alignment} (a power of two).
     *
     * @param size the buffer's capacity in bytes
     * @param alignment the address alignment, a power of two such as {@link #alignment()}
     * @return a new direct buffer with position 0 and limit and capacity {@code size}
     * @throws IllegalArgumentException if {@code size < 0} or {@code alignment} is not a positive power of two
     */
    public static ByteBuffer allocate(int size, int alignment) {
        if (size < 0 || alignment <= 0 || Integer.bitCount(alignment) != 1) {
            throw new IllegalArgumentException("size " + size + " / alignment " + alignment
                    + ": need size >= 0 and a power-of-two alignment");
        }
        // alignedSlice rounds both ends to the alignment, so reserve whole units plus one for the shift.
        int units = (int) (((long) size + alignment - 1) / alignment);
        return ByteBuffer.allocateDirect((units + 1) * alignment).alignedSlice(alignment).limit(size).slice();
    }

    /**
     * A direct buffer for this file: aligned, with {@code size} rounded up to a multiple of {@link #alignment()}.
     *
     * @param size the least capacity wanted, not negative
     * @return a new direct buffer whose address and capacity are multiples of {@link #alignment()}, position 0
     */
    public ByteBuffer allocate(int size) {
        int rounded = (size + alignment - 1) / alignment * alignment;
        return allocate(rounded, alignment);
    }

    /**
     * The descriptor to hand to operations.
     *
     * @return the file's descriptor, owned by this object; invalid after {@link #close()}
     */
    public FileDescriptor fd() {
        return fd;
    }

    /**
     * The alignment every offset, length and buffer address must respect.
     *
     * @return the device's direct I/O alignment in bytes, a power of two (typically 512 or 4096)
     */
    public int alignment() {
        return alignment;
    }

    /**
     * The path it was opened with.
     *
     * @return the path given to {@link #open(Path, OpenOption...)}
     */
    public Path path() {
        return path;
    }

    /**
     * Closes the file as {@link OpenFile#close()} does: operations not yet handed to the kernel fail with
     * {@code EBADF}, and the descriptor is closed once the kernel finished the rest. Idempotent.
     *
     * @throws IOException if closing the descriptor fails
     */
    @Override
    public void close() throws IOException {
        guard.close();
    }
}
