package dev.caio.tck;

import dev.caio.AsyncFileContext;
import dev.caio.Operation;
import java.io.FileDescriptor;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Forwards everything to a real context; each broken backend overrides the one thing it gets wrong. */
class ForwardingContext implements AsyncFileContext {
    final AsyncFileContext delegate;

    ForwardingContext(AsyncFileContext delegate) {
        this.delegate = delegate;
    }

    @Override
    public String implementation() {
        return delegate.implementation();
    }

    @Override
    public int maxRequests() {
        return delegate.maxRequests();
    }

    @Override
    public CompletableFuture<byte[]> read(int nbytes, FileDescriptor fd, long offset) {
        return delegate.read(nbytes, fd, offset);
    }

    @Override
    public CompletableFuture<Integer> read(ByteBuffer dst, FileDescriptor fd, long offset) {
        return delegate.read(dst, fd, offset);
    }

    @Override
    public CompletableFuture<Integer> write(byte[] payload, FileDescriptor fd, long offset) {
        return delegate.write(payload, fd, offset);
    }

    @Override
    public CompletableFuture<Integer> write(ByteBuffer src, FileDescriptor fd, long offset) {
        return delegate.write(src, fd, offset);
    }

    @Override
    public CompletableFuture<Void> fsync(FileDescriptor fd) {
        return delegate.fsync(fd);
    }

    @Override
    public CompletableFuture<Void> fdsync(FileDescriptor fd) {
        return delegate.fdsync(fd);
    }

    @Override
    public int submit(Operation<?>... ops) {
        return delegate.submit(ops);
    }

    @Override
    public int submit(List<? extends Operation<?>> ops) {
        return delegate.submit(ops);
    }

    @Override
    public int cancel(Operation<?>... ops) {
        return delegate.cancel(ops);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
