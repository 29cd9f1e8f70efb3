package dev.caio.internal.jfr;

import dev.caio.Operation;
import dev.caio.spi.DirectFileSupport;
import dev.caio.spi.FileSupport;
import java.io.FileDescriptor;

/**
 * Begins and commits the JFR events of operations ({@code dev.caio.Read}, {@code Write}, {@code Fsync},
 * {@code Fdsync}). While no recording enables them, {@link #begin} is one static read per operation and nothing is
 * allocated; an event exists only for an operation submitted while its type was enabled.
 */
public final class OperationEvents {
    // Probes for isEnabled(): JFR instruments the event classes when a recording starts, and these follow.
    private static final ReadEvent READ = new ReadEvent();
    private static final WriteEvent WRITE = new WriteEvent();
    private static final FsyncEvent FSYNC = new FsyncEvent();
    private static final FdsyncEvent FDSYNC = new FdsyncEvent();

    private OperationEvents() {
    }

    /**
     * The begun event of an operation being submitted, or null when its type is not enabled. Called on the
     * submitting thread.
     */
    public static Object begin(Operation<?> op, String implementation) {
        OperationEvent e;
        switch (op.kind()) {
            case READ -> e = READ.isEnabled() ? new ReadEvent() : null;
            case WRITE -> e = WRITE.isEnabled() ? new WriteEvent() : null;
            case FSYNC -> e = FSYNC.isEnabled() ? new FsyncEvent() : null;
            default -> e = FDSYNC.isEnabled() ? new FdsyncEvent() : null;
        }
        if (e == null) {
            return null;
        }
        e.descriptor = descriptorNumber(op.fd());
        e.offset = op.offset();
        e.bytesRequested = op.nbytes();
        e.implementation = implementation;
        e.submitter = Thread.currentThread();
        e.begin();
        return e;
    }

    /**
     * Commits {@code event} (from {@link #begin}; null is ignored) for an operation about to complete with
     * {@code value} or {@code error}.
     */
    public static void end(Object event, Object value, Throwable error) {
        if (event instanceof OperationEvent e) {
            e.end();
            if (e.shouldCommit()) {
                if (error != null) {
                    e.error = error.toString();
                } else if (value instanceof Integer n) {
                    e.bytesTransferred = n;
                } else if (value instanceof byte[] bytes) {
                    e.bytesTransferred = bytes.length;
                }
                e.commit();
            }
        }
    }

    /** Commits {@code event} (null is ignored) for an operation its caller cancelled or completed itself. */
    public static void cancelled(Object event) {
        if (event instanceof OperationEvent e) {
            e.error = "cancelled";
            e.commit();
        }
    }

    private static int descriptorNumber(FileDescriptor fd) {
        DirectFileSupport files = Files.SUPPORT;
        return files == null ? -1 : files.descriptorNumber(fd);
    }

    /** Looked up on the first enabled event, not when this class loads. */
    private static final class Files {
        static final DirectFileSupport SUPPORT = find();

        private static DirectFileSupport find() {
            try {
                return FileSupport.get();
            } catch (UnsupportedOperationException noNativeLibrary) {
                return null;
            }
        }
    }
}
