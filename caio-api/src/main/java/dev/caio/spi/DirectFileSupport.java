package dev.caio.spi;

import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@link dev.caio.DirectFile} needs from native code: opening with {@code O_DIRECT}, the alignment the kernel
 * asks for, and closing. Java's own APIs cannot open a {@link FileDescriptor} with {@code O_DIRECT}, so a module with
 * native code provides this ({@code caio-native}, through whichever caio native library loads here); found with
 * {@link java.util.ServiceLoader}, the first one that {@link #isAvailable() is available} serves.
 *
 * <p>Implementations are thread-safe.
 *
 * @since 0.1
 */
public interface DirectFileSupport {
    /** Whether {@link #open} can work here (a native library loaded); never throws. */
    boolean isAvailable();

    /** Why not, or null when available. */
    Throwable unavailabilityCause();

    /**
     * Opens {@code path} with {@code O_DIRECT | O_CLOEXEC}, read-write if {@code write}, else read-only, mode 0644 when
     * created.
     *
     * @throws IOException naming the errno when open(2) fails ({@code EINVAL}: the filesystem has no direct I/O)
     */
    FileDescriptor open(Path path, boolean write, boolean create, boolean truncate, boolean dsync, boolean sync)
            throws IOException;

    /**
     * The alignment in bytes of offsets, lengths and buffer addresses on {@code fd}: from
     * {@code statx(STATX_DIOALIGN)} where the kernel reports it, else 4096. A power of two.
     *
     * @throws IOException naming the errno when the kernel cannot say for this descriptor (for example it is closed)
     */
    int alignment(FileDescriptor fd) throws IOException;

    /**
     * Closes a descriptor returned by {@link #open}; a closed one is left alone.
     *
     * @throws IOException naming the errno when close(2) reports one (the descriptor is released anyway)
     */
    void close(FileDescriptor fd) throws IOException;

    /**
     * The descriptor behind {@code channel}, a channel {@link FileChannel#open} returned, for code that runs
     * operations on a file the JDK opened with its own option semantics. Shared with the channel: valid while it is
     * open, closed when it closes. The default, and a support that cannot reach it (a channel of another
     * implementation), answer null.
     *
     * @throws NullPointerException if {@code channel} is null
     */
    default FileDescriptor descriptorOf(FileChannel channel) {
        Objects.requireNonNull(channel, "channel");
        return null;
    }

    /**
     * The number of the open file {@code fd} holds, for diagnostics such as the JFR events of operations. Thread-safe;
     * reads the descriptor without changing it. The default, and a support that cannot reach it, answer -1.
     *
     * @param fd the descriptor
     * @return its number, or -1 when it is not valid or cannot be read
     * @throws NullPointerException if {@code fd} is null
     * @since 0.1
     */
    default int descriptorNumber(FileDescriptor fd) {
        Objects.requireNonNull(fd, "fd");
        return -1;
    }
}
