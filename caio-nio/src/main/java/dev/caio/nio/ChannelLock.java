package dev.caio.nio;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;

/**
 * A lock a {@link CaioFileChannel} or {@link CaioAsynchronousFileChannel} holds: the JDK's lock on the same file, so
 * it conflicts with the JDK's channels in this JVM as theirs do with each other, but acquired by the caio channel.
 * Thread-safe.
 */
final class ChannelLock extends FileLock {
    private final FileLock held;

    ChannelLock(FileChannel channel, FileLock held) {
        super(channel, held.position(), held.size(), held.isShared());
        this.held = held;
    }

    ChannelLock(AsynchronousFileChannel channel, FileLock held) {
        super(channel, held.position(), held.size(), held.isShared());
        this.held = held;
    }

    @Override
    public boolean isValid() {
        return held.isValid();
    }

    @Override
    public void release() throws IOException {
        if (!acquiredBy().isOpen()) {
            throw new ClosedChannelException();
        }
        held.release();
    }
}
