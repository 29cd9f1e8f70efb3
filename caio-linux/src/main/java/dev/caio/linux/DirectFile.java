package dev.caio.linux;

import java.io.FileDescriptor;
import java.io.IOException;
import dev.caio.spi.DescriptorGuard;
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
 * <p>Thread-safe. Closing with operations in flight is safe, as for {@link dev.caio.OpenFile}: operations not yet
 * handed to the kernel fail with {@code EBADF}, and the number is released only after the kernel finished the rest.
 *
 * @since 0.1
 */
public final class DirectFile implements AutoCloseable {
    private static final Set<OpenOption> SUPPORTED = Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE,
            StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.DSYNC,
            StandardOpenOption.SYNC);

    /** Indexes into {@code LinuxAioNative.openFlags()}, which gives this platform's values in this order. */
    private static final int O_RDONLY = 0, O_RDWR = 2, O_CREAT = 3, O_TRUNC = 4, O_DIRECT = 5, O_DSYNC = 6, O_SYNC = 7;

    private final Path path;
    private final FileDescriptor fd;
    private final int alignment;
    private final DescriptorGuard guard;

    private DirectFile(Path path, FileDescriptor fd, int alignment) {
        this.path = path;
        this.fd = fd;
        this.alignment = alignment;
        this.guard = DescriptorGuard.register(fd, () -> LinuxAioNative.closeFile(fd));
    }

    /**
     * Opens {@code path} with {@code O_DIRECT}; with no options, for reading.
     *
     * @throws IllegalArgumentException for an unsupported option (APPEND: the kernel would ignore offsets)
     * @throws IOException naming the errno if open(2) fails ({@code EINVAL}: the filesystem has no direct I/O)
     * @throws UnsatisfiedLinkError if the linux backend's native library cannot load here
     */
    public static DirectFile open(Path path, OpenOption... options) throws IOException {
        Objects.requireNonNull(path, "path");
        Set<OpenOption> opts = Set.of(options);
        for (OpenOption o : opts) {
            if (!SUPPORTED.contains(o)) {
                throw new IllegalArgumentException("unsupported open option " + o + "; supported: " + SUPPORTED);
            }
        }
        LinuxAioProvider.BACKEND.ensureLoaded();
        int[] f = LinuxAioNative.openFlags();
        int flags = (opts.contains(StandardOpenOption.WRITE) ? f[O_RDWR] : f[O_RDONLY]) | f[O_DIRECT];
        flags |= opts.contains(StandardOpenOption.CREATE) ? f[O_CREAT] : 0;
        flags |= opts.contains(StandardOpenOption.TRUNCATE_EXISTING) ? f[O_TRUNC] : 0;
        flags |= opts.contains(StandardOpenOption.DSYNC) ? f[O_DSYNC] : 0;
        flags |= opts.contains(StandardOpenOption.SYNC) ? f[O_SYNC] : 0;
        FileDescriptor fd = LinuxAioNative.openFile(path.toString(), flags, 0644);
        try {
            return new DirectFile(path, fd, LinuxAioNative.directAlignment(fd));
        } catch (IOException | RuntimeException e) {
            LinuxAioNative.closeFile(fd);
            throw e;
        }
    }

    /**
     * A direct buffer of {@code size} bytes whose address is a multiple of {@code alignment} (a power of two).
     *
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

    /** A direct buffer for this file: aligned, with {@code size} rounded up to a multiple of {@link #alignment()}. */
    public ByteBuffer allocate(int size) {
        int rounded = (size + alignment - 1) / alignment * alignment;
        return allocate(rounded, alignment);
    }

    /** The descriptor to hand to operations; invalid after {@link #close()}. */
    public FileDescriptor fd() {
        return fd;
    }

    /** The alignment every offset, length and buffer address must respect. */
    public int alignment() {
        return alignment;
    }

    /** The path it was opened with. */
    public Path path() {
        return path;
    }

    /**
     * Closes the file as {@link dev.caio.OpenFile#close()} does: operations not yet handed to the kernel fail with
     * {@code EBADF}, and the descriptor is closed once the kernel finished the rest. Idempotent.
     *
     * @throws IOException if closing the descriptor fails
     */
    @Override
    public void close() throws IOException {
        guard.close();
    }
}
