package dev.caio.nio;

import dev.caio.AsyncFileContext;
import dev.caio.spi.DescriptorGuard;
import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.Collections;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link FileChannel} whose reads, writes (positional and relative, scattering and gathering) and {@link #force}
 * go through an {@link AsyncFileContext}: a drop-in for {@link FileChannel#open}, with the same options, return
 * values, positions and exceptions.
 *
 * <p><b>Threading.</b> Thread-safe, like the JDK's channel. A caller waits for each read or write; a read the page
 * cache holds completes on the calling thread without parking, and a virtual thread that must wait for the device
 * parks on the operation's future without pinning its carrier (the JDK's channel pins it for the whole read). A
 * platform thread may wait inside the backend (see {@link dev.caio.Operation#join()}).
 *
 * <p><b>Everything else is the JDK's.</b> The file is opened by {@link FileChannel#open}, so option checks, created
 * files' permissions, {@code APPEND}, {@code DELETE_ON_CLOSE} and {@code com.sun.nio.file.ExtendedOpenOption.DIRECT}
 * behave exactly as there; {@link #size}, {@link #truncate}, {@link #transferTo}, {@link #transferFrom}, {@link #map}
 * and locks are that channel's, and a lock taken here conflicts with the JDK's channels on the same file while its
 * {@link FileLock#acquiredBy()} is this channel. Failures of a read or write are {@link dev.caio.CaioIOException}s
 * (an {@link IOException} naming the errno) where the JDK throws a plain {@link IOException}.
 *
 * <p><b>Closing</b> waits until no operation of this channel can reach its descriptor any more, then closes the
 * JDK's channel; a close or interrupt during a read or write ends it with {@link
 * java.nio.channels.AsynchronousCloseException} or {@link java.nio.channels.ClosedByInterruptException}, as the JDK
 * does.
 *
 * @since 0.1
 */
public final class CaioFileChannel extends FileChannel {
    private final AsyncFileContext context;
    private final FileChannel jdk;
    private final FileDescriptor fd;
    private final DescriptorGuard guard;
    private final boolean readable;
    private final boolean writable;
    private final boolean append;
    private final Object positionLock = new Object();
    /** The position relative reads and writes use; the JDK's channel keeps it in the descriptor instead. */
    private long position;

    private CaioFileChannel(AsyncFileContext context, FileChannel jdk, FileDescriptor fd, Set<? extends OpenOption> o) {
        this.context = context;
        this.jdk = jdk;
        this.fd = fd;
        this.guard = DescriptorGuard.register(fd, jdk::close);
        this.append = o.contains(StandardOpenOption.APPEND);
        this.writable = o.contains(StandardOpenOption.WRITE) || append;
        this.readable = o.contains(StandardOpenOption.READ) || !writable;
    }

    /**
     * Opens {@code path} as {@link FileChannel#open(Path, OpenOption...)} does, on the JVM-wide default context
     * (created on first use with the selected implementation, and never closed).
     *
     * @param path the file to open
     * @param options the options {@link FileChannel#open(Path, OpenOption...)} takes; none opens for reading
     * @return the open channel; the caller owns it and must close it, which closes the file
     * @throws IOException and the unchecked exceptions of {@link FileChannel#open}
     * @throws UnsupportedOperationException when no caio native library can load here (the cause says why)
     */
    public static CaioFileChannel open(Path path, OpenOption... options) throws IOException {
        Set<OpenOption> set = new HashSet<>(options.length);
        Collections.addAll(set, options);
        return open(DefaultContext.get(), path, set);
    }

    /**
     * Opens {@code path} as {@link FileChannel#open(Path, Set, FileAttribute[])} does, with its reads, writes and
     * {@code force} on {@code context}, which the caller keeps open for as long as the channel is used.
     *
     * @param context the context that runs the channel's reads, writes and syncs; closing the channel leaves it open
     * @param path the file to open
     * @param options the options {@link FileChannel#open(Path, Set, FileAttribute[])} takes
     * @param attrs the attributes of a file created by the open, as for {@link FileChannel#open}
     * @return the open channel; the caller owns it and must close it, which closes the file
     * @throws IOException and the unchecked exceptions of {@link FileChannel#open}
     * @throws NullPointerException if {@code context} is null
     * @throws UnsupportedOperationException when no caio native library can load here (the cause says why), or this
     *         JDK's channel does not expose its descriptor to it
     */
    public static CaioFileChannel open(AsyncFileContext context, Path path, Set<? extends OpenOption> options,
                                       FileAttribute<?>... attrs) throws IOException {
        Objects.requireNonNull(context, "context");
        JdkFile file = JdkFile.open(path, options, attrs);
        return new CaioFileChannel(context, file.channel(), file.fd(), options);
    }

    /**
     * The context this channel's reads, writes and syncs run on.
     *
     * @return the context given to {@link #open(AsyncFileContext, Path, Set, FileAttribute[])}, or the JVM-wide
     *         default one
     */
    public AsyncFileContext context() {
        return context;
    }

    // ------------------------------------------------------------------ reads

    @Override
    public int read(ByteBuffer dst) throws IOException {
        Objects.requireNonNull(dst);
        ensureOpen();
        if (!readable) {
            throw new NonReadableChannelException();
        }
        synchronized (positionLock) {
            int n = transfer(dst, position, false);
            if (n > 0) {
                position += n;
            }
            return n;
        }
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        Objects.requireNonNull(dst);
        if (position < 0) {
            throw new IllegalArgumentException("Negative position");
        }
        ensureOpen();
        if (!readable) {
            throw new NonReadableChannelException();
        }
        return transfer(dst, position, false);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, dsts.length);
        ensureOpen();
        if (!readable) {
            throw new NonReadableChannelException();
        }
        for (int i = offset; i < offset + length; i++) {
            if (dsts[i].isReadOnly()) {
                throw new IllegalArgumentException("Read-only buffer");
            }
        }
        synchronized (positionLock) {
            long total = 0;
            for (int i = offset; i < offset + length; i++) {
                ByteBuffer b = dsts[i];
                int want = b.remaining();
                if (want == 0) {
                    continue;
                }
                int n = transfer(b, position, false);
                if (n < 0) {
                    return total == 0 ? -1 : total;
                }
                position += n;
                total += n;
                if (n < want) {
                    break;
                }
            }
            return total;
        }
    }

    // ------------------------------------------------------------------ writes

    @Override
    public int write(ByteBuffer src) throws IOException {
        Objects.requireNonNull(src);
        ensureOpen();
        if (!writable) {
            throw new NonWritableChannelException();
        }
        synchronized (positionLock) {
            // O_APPEND makes the kernel write at the end whatever the offset; the position follows the end.
            int n = transfer(src, position, true);
            position = append ? jdk.size() : position + n;
            return n;
        }
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        Objects.requireNonNull(src);
        if (position < 0) {
            throw new IllegalArgumentException("Negative position");
        }
        ensureOpen();
        if (!writable) {
            throw new NonWritableChannelException();
        }
        return transfer(src, position, true);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, srcs.length);
        ensureOpen();
        if (!writable) {
            throw new NonWritableChannelException();
        }
        synchronized (positionLock) {
            long total = 0;
            for (int i = offset; i < offset + length; i++) {
                ByteBuffer b = srcs[i];
                if (!b.hasRemaining()) {
                    continue;
                }
                int n = transfer(b, position, true); // appended at the end under APPEND, as above
                position = append ? jdk.size() : position + n;
                total += n;
            }
            return total;
        }
    }

    /**
     * One read or write through the context, waited for as the JDK's channel waits for its system call: a close
     * meanwhile ends it with {@code AsynchronousCloseException}, an interrupt closes the channel and ends it with
     * {@code ClosedByInterruptException}. Reads give -1 at end of file, as the JDK's do.
     */
    private int transfer(ByteBuffer buffer, long at, boolean write) throws IOException {
        if (!write && buffer.isReadOnly()) {
            throw new IllegalArgumentException("Read-only buffer");
        }
        int want = buffer.remaining();
        if (want == 0) {
            return 0;
        }
        boolean completed = false;
        try {
            begin();
            CompletableFuture<Integer> op = write ? context.write(buffer, fd, at) : context.read(buffer, fd, at);
            int n = Outcome.of(op);
            completed = true;
            return !write && n == 0 ? -1 : n;
        } finally {
            end(completed);
        }
    }

    // ------------------------------------------------------------------ position, size, sync

    @Override
    public long position() throws IOException {
        ensureOpen();
        synchronized (positionLock) {
            return append ? jdk.size() : position;
        }
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        if (newPosition < 0) {
            throw new IllegalArgumentException();
        }
        ensureOpen();
        synchronized (positionLock) {
            position = newPosition;
        }
        return this;
    }

    @Override
    public long size() throws IOException {
        ensureOpen();
        return jdk.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        ensureOpen();
        synchronized (positionLock) {
            jdk.truncate(size);
            if (position > size) {
                position = size;
            }
        }
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        ensureOpen();
        boolean completed = false;
        try {
            begin();
            Outcome.of(metaData ? context.fsync(fd) : context.fdsync(fd));
            completed = true;
        } finally {
            end(completed);
        }
    }

    // ------------------------------------------------------------------ the JDK's channel

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        ensureOpen();
        return jdk.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        ensureOpen();
        return jdk.transferFrom(src, position, count);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        ensureOpen();
        return jdk.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        ensureOpen();
        return new ChannelLock(this, jdk.lock(position, size, shared));
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        ensureOpen();
        FileLock lock = jdk.tryLock(position, size, shared);
        return lock == null ? null : new ChannelLock(this, lock);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        guard.close();
    }

    private void ensureOpen() throws IOException {
        if (!isOpen()) {
            throw new ClosedChannelException();
        }
    }

    @Override
    public String toString() {
        return "CaioFileChannel[" + context.implementation() + ", " + jdk + "]";
    }
}
