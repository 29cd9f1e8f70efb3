package dev.caio.spi;

import dev.caio.Operation;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Runs an operation synchronously on the calling thread with positional {@link FileChannel} I/O on its
 * {@link FileDescriptor}, and reports the outcome to its context. The pure-Java way to serve a bare descriptor:
 * the {@code java} backend runs it on its workers; other backends may use it for descriptors their engine refuses.
 *
 * <p>Channels are made once per descriptor ({@link FileInputStream} for reads and syncs, {@link FileOutputStream} for
 * writes, neither ever closed by us: closing would close the caller's descriptor) and forgotten with it. Heap reads go
 * through a per-thread direct staging buffer, so a cancelled read never writes into the caller's heap memory.
 *
 * <p>Run it on threads nobody interrupts while it runs: the JDK closes a {@code FileChannel} interrupted in a call,
 * and with it the caller's descriptor. A pending interrupt is held back for the call and restored afterwards; the
 * java backend's workers ignore interrupts altogether.
 *
 * @since 0.1
 */
public final class ChannelIo {
    private static final int CACHED_STAGING_LIMIT = 1 << 20;
    /**
     * Streams per descriptor, referenced weakly: a stream is attached to (so kept alive by) its descriptor, and a
     * strong value here would keep the descriptor alive forever through the stream.
     */
    private static final Map<FileDescriptor, Reference<?>[]> STREAMS = new WeakHashMap<>();
    private static final ThreadLocal<ByteBuffer> STAGING = new ThreadLocal<>();

    private ChannelIo() {
    }

    /**
     * Performs {@code op}, which {@code context} started, and reports it to {@code context}. Never throws for I/O
     * failures: they complete the operation.
     *
     * @param context the context that started {@code op} and receives its outcome, on this thread
     * @param op the operation, run synchronously on the calling thread; an invalid or closing descriptor reports
     *        {@code EBADF}, an {@link IOException} the errno it maps to, a failed staging allocation {@code ENOMEM}
     */
    public static void run(AbstractAsyncFileContext context, Operation<?> op) {
        // FileChannel I/O closes its channel, and with it the caller's descriptor, when the thread is interrupted:
        // an interrupt already pending is held back until the I/O is done (threads that must never be interrupted
        // mid-call, like the java backend's workers, ignore interrupts altogether).
        boolean interrupted = Thread.interrupted();
        try {
            FileDescriptor fd = op.fd();
            if (!fd.valid() || AbstractAsyncFileContext.descriptorClosing(op)) {
                context.complete(op, -Errno.EBADF);
                return;
            }
            switch (op.kind()) {
                case READ -> read(context, op, fd);
                case WRITE -> context.complete(op, write(op, channel(fd, true)));
                case FSYNC -> {
                    channel(fd, false).force(true);
                    context.complete(op, 0);
                }
                case FDSYNC -> {
                    channel(fd, false).force(false);
                    context.complete(op, 0);
                }
            }
        } catch (IOException | RuntimeException e) {
            context.fail(op, e);
        } catch (OutOfMemoryError e) {
            context.fail(op, AbstractAsyncFileContext.outOfMemory(op, e));
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void read(AbstractAsyncFileContext context, Operation<?> op, FileDescriptor fd) throws IOException {
        FileChannel ch = channel(fd, false);
        long position = AbstractAsyncFileContext.position(op);
        if (AbstractAsyncFileContext.directBuffer(op) != null) {
            context.complete(op, Math.max(0, ch.read(AbstractAsyncFileContext.view(op), position)));
            return;
        }
        int n = AbstractAsyncFileContext.remaining(op);
        ByteBuffer staging = staging(n);
        int got = n == 0 ? 0 : Math.max(0, ch.read(staging, position));
        context.completeRead(op, got, staging);
    }

    private static long write(Operation<?> op, FileChannel ch) throws IOException {
        ByteBuffer src = AbstractAsyncFileContext.view(op);
        if (!src.isDirect()) {
            // The JDK would copy heap data into its own, unaligned, temporary buffer, which an O_DIRECT file refuses.
            src = staging(src.remaining()).put(src).flip();
        }
        long position = AbstractAsyncFileContext.position(op);
        long total = 0;
        while (src.hasRemaining()) {
            total += ch.write(src, position + total);
        }
        return total;
    }

    private static ByteBuffer staging(int n) {
        ByteBuffer b = STAGING.get();
        if (b == null || b.capacity() < n) {
            b = Staging.allocate(n, 64 * 1024);
            if (b.capacity() <= CACHED_STAGING_LIMIT) {
                STAGING.set(b);
            }
        }
        return b.clear().limit(n);
    }

    /** The cached read or write channel of {@code fd}; a channel closed behind our back is replaced. */
    private static FileChannel channel(FileDescriptor fd, boolean forWrite) {
        int i = forWrite ? 1 : 0;
        synchronized (STREAMS) {
            Reference<?>[] pair = STREAMS.computeIfAbsent(fd, k -> new Reference<?>[2]);
            Object stream = pair[i] == null ? null : pair[i].get();
            FileChannel ch = stream == null ? null
                    : stream instanceof FileInputStream in ? in.getChannel() : ((FileOutputStream) stream).getChannel();
            if (ch == null || !ch.isOpen()) {
                Object fresh = forWrite ? new FileOutputStream(fd) : new FileInputStream(fd);
                pair[i] = new WeakReference<>(fresh);
                ch = fresh instanceof FileInputStream in ? in.getChannel() : ((FileOutputStream) fresh).getChannel();
            }
            return ch;
        }
    }
}
