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
    /**
     * Whether {@link #open} can work here (a native library loaded); never throws.
     *
     * @return true when the native code behind {@link #open}, {@link #alignment} and {@link #close} is loaded
     */
    boolean isAvailable();

    /**
     * Why {@link #isAvailable()} is false, or null when available; never throws.
     *
     * @return the failure that keeps the native code from loading, or null
     */
    Throwable unavailabilityCause();

    /**
     * Opens {@code path} with {@code O_DIRECT | O_CLOEXEC}, read-write if {@code write}, else read-only, mode 0644 when
     * created.
     *
     * @param path the file to open
     * @param write open read-write ({@code O_RDWR}) rather than read-only
     * @param create create the file if it does not exist ({@code O_CREAT})
     * @param truncate truncate the file to length 0 ({@code O_TRUNC})
     * @param dsync open with {@code O_DSYNC}: a write completes once its data, and the metadata needed to read it
     *        back, is on stable storage
     * @param sync open with {@code O_SYNC}: as {@code dsync}, and all of the file's metadata too
     * @return a new descriptor, owned by the caller, who releases it with {@link #close(FileDescriptor)}
     * @throws IOException naming the errno when open(2) fails ({@code EINVAL}: the filesystem has no direct I/O)
     */
    FileDescriptor open(Path path, boolean write, boolean create, boolean truncate, boolean dsync, boolean sync)
            throws IOException;

    /**
     * The alignment in bytes of offsets, lengths and buffer addresses on {@code fd}: from
     * {@code statx(STATX_DIOALIGN)} where the kernel reports it, else 4096. A power of two.
     *
     * @param fd an open descriptor, such as one {@link #open} returned
     * @return the alignment in bytes, a power of two
     * @throws IOException naming the errno when the kernel cannot say for this descriptor (for example it is closed)
     */
    int alignment(FileDescriptor fd) throws IOException;

    /**
     * Closes a descriptor returned by {@link #open}; a closed one is left alone.
     *
     * @param fd the descriptor; it is no longer valid when this returns, even when it throws
     * @throws IOException naming the errno when close(2) reports one (the descriptor is released anyway)
     */
    void close(FileDescriptor fd) throws IOException;

    /**
     * The descriptor behind {@code channel}, a channel {@link FileChannel#open} returned, for code that runs
     * operations on a file the JDK opened with its own option semantics. Shared with the channel: valid while it is
     * open, closed when it closes. The default, and a support that cannot reach it (a channel of another
     * implementation), answer null.
     *
     * @param channel an open channel that {@link FileChannel#open} returned; it keeps owning the descriptor
     * @return the channel's descriptor, not to be closed by the caller, or null
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
