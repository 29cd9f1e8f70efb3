package dev.caio.nio;

import dev.caio.AsyncFileContext;
import dev.caio.spi.DescriptorGuard;
import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.CompletionHandler;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.Collections;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * An {@link AsynchronousFileChannel} whose reads, writes and {@link #force} go through an {@link AsyncFileContext}:
 * a drop-in for {@link AsynchronousFileChannel#open}, with the same options, results and exceptions, and no thread
 * pool doing blocking system calls behind it.
 *
 * <p><b>Threading.</b> Thread-safe. A read or write is submitted on the calling thread and never blocks it; a read
 * the page cache holds is done before the call returns. As with the JDK's channel, a {@link CompletionHandler} never
 * runs on a thread that called {@code read} or {@code write}, except inside a handler (a handler that starts the
 * next read may see it completed directly, up to a bounded depth):
 * <ul>
 *   <li>opened without an executor, a handler runs on the thread that completed the operation, a completion thread
 *       of the context, or, for an operation done during the call (a page-cache hit), on the channel's handler
 *       thread, a daemon thread that runs them in order without a wake-up each while they keep coming, and ends
 *       when idle; a handler must not block for long, since other completions wait behind it;</li>
 *   <li>opened with an executor, every handler runs there, as with the JDK's
 *       {@link AsynchronousFileChannel#open(Path, Set, ExecutorService, FileAttribute[])}.</li>
 * </ul>
 * A {@link Future}'s {@code get()} on a platform thread may wait inside the backend (see
 * {@link dev.caio.Operation#join()}); on a virtual thread it parks without pinning its carrier.
 *
 * <p><b>Buffers</b> belong to the channel from the call until the operation completes: the caller must not touch
 * them meanwhile, as with the JDK's channel. Their position advances by the bytes transferred.
 *
 * <p><b>Failures</b> are the JDK's: {@link IllegalArgumentException}, {@link NonReadableChannelException} and
 * {@link NonWritableChannelException} are thrown by the call; a closed channel fails the operation with
 * {@link ClosedChannelException}; an operation the close overtook fails with {@link AsynchronousCloseException};
 * an I/O error is a {@link dev.caio.CaioIOException} naming the errno (a plain {@link IOException} for the JDK). A
 * {@code Future}'s {@code get()} throws these wrapped in an {@link java.util.concurrent.ExecutionException}.
 *
 * <p><b>The JDK's parts.</b> The file is opened by {@link FileChannel#open} with the options the JDK's asynchronous
 * channel accepts (its checks, {@code APPEND} refused with {@link UnsupportedOperationException}, created files'
 * permissions, {@code DELETE_ON_CLOSE}, {@code com.sun.nio.file.ExtendedOpenOption.DIRECT}); {@link #size}, {@link
 * #truncate} and locks are that channel's, so a lock taken here conflicts with the JDK's channels on the same file
 * while its {@link FileLock#acquiredBy()} is this channel. Closing waits until no operation of this channel can reach
 * its descriptor any more.
 *
 * @since 0.1
 */
public final class CaioAsynchronousFileChannel extends AsynchronousFileChannel {
    private final AsyncFileContext context;
    private final FileChannel jdk;
    private final FileDescriptor fd;
    private final DescriptorGuard guard;
    private final HandlerDispatch dispatch;
    private final boolean readable;
    private final boolean writable;

    private CaioAsynchronousFileChannel(AsyncFileContext context, FileChannel jdk, FileDescriptor fd,
                                        Set<? extends OpenOption> o, ExecutorService executor) {
        this.context = context;
        this.jdk = jdk;
        this.fd = fd;
        this.guard = DescriptorGuard.register(fd, jdk::close);
        this.dispatch = new HandlerDispatch(executor, "caio-nio-handlers-" + fd.hashCode());
        this.writable = o.contains(StandardOpenOption.WRITE);
        this.readable = o.contains(StandardOpenOption.READ) || !writable;
    }

    /**
     * Opens {@code path} as {@link AsynchronousFileChannel#open(Path, OpenOption...)} does, on the JVM-wide default
     * context (created on first use with the selected implementation, and never closed).
     *
     * @param path    the file
     * @param options how to open it, as the JDK's channel takes them
     * @return the channel
     * @throws IOException and the unchecked exceptions of {@link AsynchronousFileChannel#open}
     * @throws UnsupportedOperationException for {@code APPEND} and unsupported options, as the JDK's; or when no caio
     *         native library can load here (the cause says why)
     */
    public static CaioAsynchronousFileChannel open(Path path, OpenOption... options) throws IOException {
        Set<OpenOption> set = new HashSet<>(options.length);
        Collections.addAll(set, options);
        return open(DefaultContext.get(), path, set, null);
    }

    /**
     * Opens {@code path} as {@link AsynchronousFileChannel#open(Path, OpenOption...)} does, with its reads, writes
     * and {@code force} on {@code context}, which the caller keeps open for as long as the channel is used; handlers
     * run as without an executor (see the class comment).
     *
     * @param context the context every read, write and sync runs on
     * @param path    the file
     * @param options how to open it, as the JDK's channel takes them
     * @return the channel
     * @throws IOException and the unchecked exceptions of {@link AsynchronousFileChannel#open}
     * @throws NullPointerException if {@code context}, {@code path} or {@code options} is null
     * @throws UnsupportedOperationException for {@code APPEND} and unsupported options, as the JDK's; or when no caio
     *         native library can load here, or this JDK's channel does not expose its descriptor to it
     */
    public static CaioAsynchronousFileChannel open(AsyncFileContext context, Path path,
                                                   Set<? extends OpenOption> options) throws IOException {
        return open(context, path, options, null);
    }

    /**
     * Opens {@code path} as {@link AsynchronousFileChannel#open(Path, Set, ExecutorService, FileAttribute[])} does,
     * with its reads, writes and {@code force} on {@code context}, which the caller keeps open for as long as the
     * channel is used.
     *
     * @param context  the context every read, write and sync runs on
     * @param path     the file
     * @param options  how to open it, as the JDK's channel takes them
     * @param executor where completion handlers run, or null for the completing thread (see the class comment); the
     *                 caller owns it and shuts it down
     * @param attrs    attributes of a file created by {@code CREATE} or {@code CREATE_NEW}
     * @return the channel
     * @throws IOException and the unchecked exceptions of {@link AsynchronousFileChannel#open}
     * @throws NullPointerException if {@code context}, {@code path} or {@code options} is null
     * @throws UnsupportedOperationException for {@code APPEND} and unsupported options, as the JDK's; or when no caio
     *         native library can load here, or this JDK's channel does not expose its descriptor to it
     */
    public static CaioAsynchronousFileChannel open(AsyncFileContext context, Path path,
                                                   Set<? extends OpenOption> options, ExecutorService executor,
                                                   FileAttribute<?>... attrs) throws IOException {
        Objects.requireNonNull(context, "context");
        if (options.contains(StandardOpenOption.APPEND)) {
            throw new UnsupportedOperationException("APPEND not allowed");
        }
        JdkFile file = JdkFile.open(path, options, attrs);
        return new CaioAsynchronousFileChannel(context, file.channel(), file.fd(), options, executor);
    }

    /**
     * The context this channel's reads, writes and syncs run on.
     *
     * @return the context given to {@code open}, or the default one
     */
    public AsyncFileContext context() {
        return context;
    }

    // ------------------------------------------------------------------ reads and writes

    @Override
    public Future<Integer> read(ByteBuffer dst, long position) {
        checkRead(dst, position);
        return transfer(dst, position, false);
    }

    @Override
    public <A> void read(ByteBuffer dst, long position, A attachment,
                         CompletionHandler<Integer, ? super A> handler) {
        Objects.requireNonNull(handler, "'handler' is null");
        checkRead(dst, position);
        dispatch.whenDone(transfer(dst, position, false), attachment, handler);
    }

    @Override
    public Future<Integer> write(ByteBuffer src, long position) {
        checkWrite(src, position);
        return transfer(src, position, true);
    }

    @Override
    public <A> void write(ByteBuffer src, long position, A attachment,
                          CompletionHandler<Integer, ? super A> handler) {
        Objects.requireNonNull(handler, "'handler' is null");
        checkWrite(src, position);
        dispatch.whenDone(transfer(src, position, true), attachment, handler);
    }

    private void checkRead(ByteBuffer dst, long position) {
        Objects.requireNonNull(dst);
        if (position < 0) {
            throw new IllegalArgumentException("Negative position");
        }
        if (!readable) {
            throw new NonReadableChannelException();
        }
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("Read-only buffer");
        }
    }

    private void checkWrite(ByteBuffer src, long position) {
        Objects.requireNonNull(src);
        if (position < 0) {
            throw new IllegalArgumentException("Negative position");
        }
        if (!writable) {
            throw new NonWritableChannelException();
        }
    }

    /** One read or write through the context; a closed channel or an empty buffer completes at once, as the JDK's. */
    private ChannelFuture transfer(ByteBuffer buffer, long at, boolean write) {
        if (!isOpen()) {
            return ChannelFuture.failed(new ClosedChannelException());
        }
        if (!buffer.hasRemaining()) {
            return ChannelFuture.ZERO;
        }
        CompletableFuture<Integer> op;
        try {
            op = write ? context.write(buffer, fd, at) : context.read(buffer, fd, at);
        } catch (IllegalStateException e) {
            // the context closed under a channel that outlived it: the operation fails, the call does not throw
            return ChannelFuture.failed(new ClosedChannelException());
        }
        return new ChannelFuture(this, op, !write);
    }

    // ------------------------------------------------------------------ size, truncate, force

    @Override
    public long size() throws IOException {
        ensureOpen();
        return jdk.size();
    }

    @Override
    public AsynchronousFileChannel truncate(long size) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("Negative size");
        }
        if (!writable) {
            throw new NonWritableChannelException();
        }
        if (!isOpen()) {
            // the JDK's channel reports a closed channel here as a close during the call
            throw new AsynchronousCloseException();
        }
        jdk.truncate(size);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        ensureOpen();
        try {
            Outcome.of(metaData ? context.fsync(fd) : context.fdsync(fd));
        } catch (IOException e) {
            throw isOpen() ? e : new AsynchronousCloseException();
        }
    }

    // ------------------------------------------------------------------ locks

    @Override
    public Future<FileLock> lock(long position, long size, boolean shared) {
        CompletableFuture<FileLock> out = new CompletableFuture<>();
        lockInto(position, size, shared, out);
        return out;
    }

    @Override
    public <A> void lock(long position, long size, boolean shared, A attachment,
                         CompletionHandler<FileLock, ? super A> handler) {
        Objects.requireNonNull(handler, "'handler' is null");
        CompletableFuture<FileLock> out = new CompletableFuture<>();
        lockInto(position, size, shared, out);
        dispatch.whenDone(new LockCompletion(out), attachment, handler);
    }

    /**
     * Takes the lock at once when no other process holds it, so that an overlapping lock of this JVM is thrown by
     * the call as the JDK's channel throws it; otherwise waits for it on a daemon thread.
     */
    private void lockInto(long position, long size, boolean shared, CompletableFuture<FileLock> out) {
        checkLockMode(shared);
        if (!isOpen()) {
            out.completeExceptionally(new ClosedChannelException());
            return;
        }
        try {
            FileLock now = jdk.tryLock(position, size, shared);
            if (now != null) {
                out.complete(new ChannelLock(this, now));
                return;
            }
        } catch (IOException e) {
            out.completeExceptionally(isOpen() ? e : new AsynchronousCloseException());
            return;
        }
        Runnable wait = () -> {
            try {
                out.complete(new ChannelLock(this, jdk.lock(position, size, shared)));
            } catch (IOException | RuntimeException e) {
                out.completeExceptionally(isOpen() ? e : new AsynchronousCloseException());
            }
        };
        HandlerDispatch.runBlocking(wait, "caio-nio-lock");
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        checkLockMode(shared);
        ensureOpen();
        FileLock lock = jdk.tryLock(position, size, shared);
        return lock == null ? null : new ChannelLock(this, lock);
    }

    private void checkLockMode(boolean shared) {
        if (shared && !readable) {
            throw new NonReadableChannelException();
        }
        if (!shared && !writable) {
            throw new NonWritableChannelException();
        }
    }

    /** A lock's future as the dispatch sees it. */
    private record LockCompletion(CompletableFuture<FileLock> f) implements HandlerDispatch.Completion<FileLock> {
        @Override
        public boolean isDone() {
            return f.isDone();
        }

        @Override
        public FileLock now() throws Throwable {
            try {
                return f.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause();
            }
        }

        @Override
        public void onDone(Runnable action) {
            f.whenComplete((l, e) -> action.run());
        }
    }

    // ------------------------------------------------------------------ close

    @Override
    public boolean isOpen() {
        return !guard.isClosing();
    }

    @Override
    public void close() throws IOException {
        try {
            guard.close();
        } finally {
            dispatch.close();
        }
    }

    private void ensureOpen() throws IOException {
        if (!isOpen()) {
            throw new ClosedChannelException();
        }
    }

    @Override
    public String toString() {
        return "CaioAsynchronousFileChannel[" + context.implementation() + ", " + jdk + "]";
    }
}
