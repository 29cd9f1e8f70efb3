package dev.caio;

import dev.caio.spi.DescriptorGuard;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Set;

/**
 * A file opened by path for use with a context: the descriptor to pass to the operations, and its closing.
 *
 * <pre>{@code
 * try (OpenFile file = OpenFile.open(path, READ, WRITE, CREATE)) {
 *     ctx.write(data, file.fd(), 0).join();
 * }
 * }</pre>
 *
 * <p>Supported options: {@code READ}, {@code WRITE}, {@code CREATE}, {@code CREATE_NEW}, {@code TRUNCATE_EXISTING},
 * {@code SYNC}, {@code DSYNC}. A file opened with {@code WRITE} is readable too. {@code APPEND} is refused: with
 * {@code O_APPEND} the kernel ignores the offsets this API is built on. Thread-safe.
 *
 * <p><b>Closing with operations in flight</b> is safe: operations not yet handed to the kernel fail with
 * {@code EBADF}, and the descriptor's number is released only after the kernel finished those it holds, so no
 * operation ever reaches a file opened later under the same number. Close it explicitly: it is not closed by garbage
 * collection.
 *
 * @since 0.1
 */
public final class OpenFile implements AutoCloseable {
    private static final Set<OpenOption> SUPPORTED = Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE,
            StandardOpenOption.CREATE, StandardOpenOption.CREATE_NEW, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.SYNC, StandardOpenOption.DSYNC);

    private final Path path;
    private final RandomAccessFile file;
    private final DescriptorGuard guard;

    private OpenFile(Path path, RandomAccessFile file) throws IOException {
        this.path = path;
        this.file = file;
        this.guard = DescriptorGuard.register(file.getFD(), file::close);
    }

    /**
     * Opens {@code path}; with no options, for reading.
     *
     * @param path the file to open
     * @param options the supported options listed above
     * @return the open file; the caller owns it and must close it
     * @throws IllegalArgumentException for an unsupported option
     * @throws NoSuchFileException if the file is missing and neither {@code CREATE} nor {@code CREATE_NEW} was given
     * @throws java.nio.file.FileAlreadyExistsException with {@code CREATE_NEW} if it exists
     * @throws IOException if the file cannot be opened
     */
    public static OpenFile open(Path path, OpenOption... options) throws IOException {
        Objects.requireNonNull(path, "path");
        Set<OpenOption> opts = Set.of(options);
        for (OpenOption o : opts) {
            if (!SUPPORTED.contains(o)) {
                throw new IllegalArgumentException("unsupported open option " + o + "; supported: " + SUPPORTED);
            }
        }
        boolean write = opts.contains(StandardOpenOption.WRITE);
        if (opts.contains(StandardOpenOption.CREATE_NEW)) {
            Files.createFile(path);
        } else if (!opts.contains(StandardOpenOption.CREATE) && !Files.exists(path)) {
            throw new NoSuchFileException(path.toString());
        }
        String mode = !write ? "r"
                : opts.contains(StandardOpenOption.SYNC) ? "rws"
                : opts.contains(StandardOpenOption.DSYNC) ? "rwd" : "rw";
        RandomAccessFile raf = new RandomAccessFile(path.toFile(), mode);
        try {
            if (write && opts.contains(StandardOpenOption.TRUNCATE_EXISTING)) {
                raf.setLength(0);
            }
            return new OpenFile(path, raf);
        } catch (IOException | RuntimeException e) {
            raf.close();
            throw e;
        }
    }

    /**
     * The descriptor to hand to operations.
     *
     * @return the file's descriptor, owned by this object; invalid after {@link #close()}
     * @throws IOException if the descriptor cannot be obtained
     */
    public FileDescriptor fd() throws IOException {
        return file.getFD();
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
     * The current size of the file.
     *
     * @return its length in bytes, as the file system reports it now
     * @throws IOException if the size cannot be read, for example after {@link #close()}
     */
    public long size() throws IOException {
        return file.length();
    }

    /**
     * Closes the file: operations not yet handed to the kernel fail with {@code EBADF}, then, once the kernel
     * finished those it holds, the descriptor is closed. Waits for that, except inside a completion callback of a
     * context, where it returns at once and the last of those operations closes it. Idempotent.
     *
     * @throws IOException if closing the descriptor fails
     */
    @Override
    public void close() throws IOException {
        guard.close();
    }
}
