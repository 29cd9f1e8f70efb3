package dev.caio.nio;

import dev.caio.nio.Differential.Named;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.CompletionHandler;
import java.nio.channels.FileLock;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The calls the differential suite makes on an {@link AsynchronousFileChannel}, in the {@code Future} form and the
 * {@code CompletionHandler} form; a handler's outcome also says whether it ran on the calling thread (never, for the
 * JDK's channel).
 */
final class AsyncSteps {
    private AsyncSteps() {
    }

    /** A handler's outcome: its value, or its failure wrapped as a {@code Future} would wrap it. */
    private static final class Waiter<V> implements CompletionHandler<V, Thread> {
        final CompletableFuture<Object> outcome = new CompletableFuture<>();

        @Override
        public void completed(V result, Thread caller) {
            outcome.complete(new Object[] {result, Thread.currentThread() == caller});
        }

        @Override
        public void failed(Throwable exc, Thread caller) {
            outcome.completeExceptionally(exc);
        }

        /** The value and whether the handler ran on the calling thread. */
        Object[] await() throws Exception {
            try {
                return (Object[]) outcome.get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new ExecutionException(e.getCause());
            }
        }
    }

    private static String got(int n, ByteBuffer b) {
        ByteBuffer d = b.duplicate().flip();
        byte[] a = new byte[d.remaining()];
        d.get(a);
        return n + " " + Arrays.toString(a);
    }

    static byte[] pattern(int n, int seed) {
        byte[] a = new byte[n];
        for (int i = 0; i < n; i++) {
            a[i] = (byte) (seed * 31 + i);
        }
        return a;
    }

    /** A direct buffer of capacity {@code n} whose address is a multiple of 4 KiB, as {@code O_DIRECT} wants. */
    static ByteBuffer aligned(int n) {
        // alignedSlice keeps whole 4 KiB blocks: room for n rounded up, whatever the allocation's own alignment
        int blocks = (n + 4095) / 4096;
        return ByteBuffer.allocateDirect((blocks + 1) * 4096).alignedSlice(4096).slice(0, n);
    }

    static Named<AsynchronousFileChannel> readAt(int n, long pos) {
        return new Named<>("read(" + n + " @ " + pos + ")", ch -> {
            ByteBuffer b = ByteBuffer.allocate(n);
            return got(ch.read(b, pos).get(), b);
        });
    }

    static Named<AsynchronousFileChannel> readAlignedAt(int n, long pos) {
        return new Named<>("read(aligned " + n + " @ " + pos + ")", ch -> {
            ByteBuffer b = aligned(n);
            return got(ch.read(b, pos).get(), b);
        });
    }

    static Named<AsynchronousFileChannel> readHandlerAt(int n, long pos) {
        return new Named<>("read(handler " + n + " @ " + pos + ")", ch -> {
            ByteBuffer b = ByteBuffer.allocateDirect(n);
            Waiter<Integer> w = new Waiter<>();
            ch.read(b, pos, Thread.currentThread(), w);
            Object[] r = w.await();
            return got((Integer) r[0], b) + " on caller " + r[1];
        });
    }

    static Named<AsynchronousFileChannel> readInto(ByteBuffer target, String what) {
        return new Named<>("read(" + what + ")", ch -> ch.read(target.duplicate(), 0).get());
    }

    static Named<AsynchronousFileChannel> readWithoutHandler() {
        return new Named<>("read(null handler)", ch -> {
            ch.read(ByteBuffer.allocate(4), 0, null, null);
            return "ok";
        });
    }

    static Named<AsynchronousFileChannel> writeAt(int n, long pos, int seed) {
        return new Named<>("write(" + n + " @ " + pos + ")",
                ch -> ch.write(ByteBuffer.wrap(pattern(n, seed)), pos).get());
    }

    static Named<AsynchronousFileChannel> writeAlignedAt(int n, long pos, int seed) {
        return new Named<>("write(aligned " + n + " @ " + pos + ")",
                ch -> ch.write(aligned(n).put(pattern(n, seed)).flip(), pos).get());
    }

    static Named<AsynchronousFileChannel> writeHandlerAt(int n, long pos, int seed) {
        return new Named<>("write(handler " + n + " @ " + pos + ")", ch -> {
            Waiter<Integer> w = new Waiter<>();
            ch.write(ByteBuffer.wrap(pattern(n, seed)), pos, Thread.currentThread(), w);
            Object[] r = w.await();
            return r[0] + " on caller " + r[1];
        });
    }

    static Named<AsynchronousFileChannel> size() {
        return new Named<>("size()", AsynchronousFileChannel::size);
    }

    static Named<AsynchronousFileChannel> truncate(long size) {
        return new Named<>("truncate(" + size + ")", ch -> ch.truncate(size));
    }

    static Named<AsynchronousFileChannel> force(boolean meta) {
        return new Named<>("force(" + meta + ")", ch -> {
            ch.force(meta);
            return "ok";
        });
    }

    private static String lock(FileLock l, AsynchronousFileChannel ch) {
        return l == null ? "null" : "lock[" + l.position() + ", " + l.size() + ", shared " + l.isShared()
                + ", valid " + l.isValid() + ", mine " + (l.acquiredBy() == ch) + "]";
    }

    static Named<AsynchronousFileChannel> lock(long pos, long size, boolean shared) {
        return new Named<>("lock(" + pos + ", " + size + ", " + shared + ")",
                ch -> lock(ch.lock(pos, size, shared).get(), ch));
    }

    static Named<AsynchronousFileChannel> lockHandler(long pos, long size, boolean shared) {
        return new Named<>("lock(handler " + pos + ", " + size + ", " + shared + ")", ch -> {
            Waiter<FileLock> w = new Waiter<>();
            ch.lock(pos, size, shared, Thread.currentThread(), w);
            Object[] r = w.await();
            return lock((FileLock) r[0], ch) + " on caller " + r[1];
        });
    }

    static Named<AsynchronousFileChannel> tryLock(long pos, long size, boolean shared) {
        return new Named<>("tryLock(" + pos + ", " + size + ", " + shared + ")",
                ch -> lock(ch.tryLock(pos, size, shared), ch));
    }

    static Named<AsynchronousFileChannel> close() {
        return new Named<>("close()", ch -> {
            ch.close();
            return "ok";
        });
    }
}
