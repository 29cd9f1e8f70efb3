package dev.caio.nio;

import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.AsynchronousFileChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@link Future} of one read or write of a {@link CaioAsynchronousFileChannel}: the context's operation seen as
 * the JDK's channel reports it (-1 at end of file, {@link AsynchronousCloseException} when the channel closed under
 * it), without a second future. {@code get()} is the operation's, so a platform thread may wait in the backend.
 */
final class ChannelFuture implements Future<Integer>, HandlerDispatch.Completion<Integer> {
    /** An empty buffer's result, which the JDK's channel gives without any I/O. */
    static final ChannelFuture ZERO = new ChannelFuture(null, null, false, null);

    private final AsynchronousFileChannel channel;
    /** The context's operation; null when the call settled the result itself. */
    private final CompletableFuture<Integer> op;
    private final boolean read;
    private final Throwable failure;

    ChannelFuture(AsynchronousFileChannel channel, CompletableFuture<Integer> op, boolean read) {
        this(channel, op, read, null);
    }

    private ChannelFuture(AsynchronousFileChannel channel, CompletableFuture<Integer> op, boolean read,
                          Throwable failure) {
        this.channel = channel;
        this.op = op;
        this.read = read;
        this.failure = failure;
    }

    /** A result that failed at the call, as the JDK's closed channel reports it. */
    static ChannelFuture failed(Throwable failure) {
        return new ChannelFuture(null, null, false, failure);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return op != null && op.cancel(mayInterruptIfRunning);
    }

    @Override
    public boolean isCancelled() {
        return op != null && op.isCancelled();
    }

    @Override
    public boolean isDone() {
        return op == null || op.isDone();
    }

    @Override
    public Integer get() throws InterruptedException, ExecutionException {
        if (op == null) {
            return settled();
        }
        try {
            return count(op.get());
        } catch (ExecutionException e) {
            throw new ExecutionException(seen(e.getCause()));
        }
    }

    @Override
    public Integer get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException,
            TimeoutException {
        if (op == null) {
            return settled();
        }
        try {
            return count(op.get(timeout, unit));
        } catch (ExecutionException e) {
            throw new ExecutionException(seen(e.getCause()));
        }
    }

    @Override
    public Integer now() throws Throwable {
        if (op == null) {
            if (failure != null) {
                throw failure;
            }
            return 0;
        }
        try {
            return count(op.join());
        } catch (CompletionException e) {
            throw seen(e.getCause());
        }
    }

    @Override
    public void onDone(Runnable action) {
        op.whenComplete((n, e) -> action.run());
    }

    private Integer settled() throws ExecutionException {
        if (failure != null) {
            throw new ExecutionException(failure);
        }
        return 0;
    }

    /** A read of a non-empty buffer that transferred nothing was at end of file. */
    private Integer count(Integer n) {
        return read && n == 0 ? -1 : n;
    }

    /** A failure after the channel closed is the close's, as the JDK's channel reports it. */
    private Throwable seen(Throwable cause) {
        return channel != null && !channel.isOpen() ? new AsynchronousCloseException() : cause;
    }
}
