package dev.caio.spi;

import dev.caio.CaioIOException;
import dev.caio.Operation;
import dev.caio.internal.OperationAccess;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * What an outcome means for its operation: the value a future gets, the continuation of a short write, and the one
 * errno and message each failure has whatever the backend.
 */
final class Outcomes {
    private static final OperationAccess OPS = OperationAccess.get();

    private Outcomes() {
    }

    /**
     * The first step of settling entry {@code i} of {@code s}: stores its value or error there and returns its mode
     * ({@link Settlement#SKIP}, {@link Settlement#AGAIN}, {@link Settlement#FINISH} or {@link Settlement#RELEASE}).
     */
    static byte decide(Settlement s, int i, Slots slots) {
        Operation<?> op = s.ops[i];
        long result = s.results[i];
        Throwable error = s.errors[i];
        if (!slots.holds(op)) {
            return Settlement.SKIP; // already settled (for example failed by close() after shutdown gave up on it)
        }
        if (error == null && result >= 0 && op.kind() == Operation.Kind.WRITE) {
            int done = OPS.done(op) + (int) result;
            if (done < op.nbytes() && OPS.state(op) == OperationAccess.RUNNING) {
                if (result > 0) {
                    OPS.setDone(op, done);
                    return Settlement.AGAIN; // a short write is continued, in the same slot
                }
                error = Errno.exception(Errno.EIO,
                        "write (no progress at " + AbstractAsyncFileContext.position(op) + ")");
            }
            OPS.setDone(op, done);
        }
        if (!OPS.transition(op, OperationAccess.RUNNING, OperationAccess.COMPLETING)) {
            return Settlement.RELEASE; // detached by the caller: only the memory is released
        }
        if (error == null && result >= 0) {
            try {
                s.values[i] = value(op, (int) result, s.staging[i]);
            } catch (RuntimeException e) {
                error = e;
            }
        } else if (error == null) {
            error = refine(op, Errno.exception((int) result, what(op)));
        } else if (error instanceof java.io.IOException io && !(io instanceof CaioIOException)) {
            error = refine(op, Errno.fromJdk(io, what(op)));
        }
        s.errors[i] = error;
        return Settlement.FINISH;
    }

    /** Completes entry {@code i}'s future as decided; the slot is free by now. */
    static void finish(Settlement s, int i) {
        Operation<?> op = s.ops[i];
        switch (s.modes[i]) {
            case Settlement.FINISH -> {
                try {
                    if (s.errors[i] != null) {
                        OPS.finishExceptionally(op, s.errors[i]);
                    } else {
                        OPS.finish(op, s.values[i]);
                    }
                } finally {
                    markReleased(op); // after the future: released() never completes before the result
                }
            }
            case Settlement.RELEASE -> markReleased(op);
            default -> {
            }
        }
    }

    /**
     * Completes a read the backend served before it took a slot ({@link AbstractAsyncFileContext#readNow}): RUNNING,
     * with {@code n} bytes read into its direct buffer. Detached meanwhile by its caller, it is only released.
     */
    static void finishNow(Operation<?> op, int n) {
        if (!OPS.transition(op, OperationAccess.RUNNING, OperationAccess.COMPLETING)) {
            released(op);
            return;
        }
        try {
            Object value;
            try {
                value = value(op, n, null);
            } catch (RuntimeException e) {
                OPS.finishExceptionally(op, e);
                return;
            }
            OPS.finish(op, value);
        } finally {
            markReleased(op); // after the future: released() never completes before the result
        }
    }

    /** Releases an operation its caller detached while it ran: its future is already complete. */
    static void released(Operation<?> op) {
        markReleased(op);
    }

    private static void markReleased(Operation<?> op) {
        OPS.setState(op, OperationAccess.DONE);
        OPS.releaseNow(op);
    }

    /** The value of a successful operation; copies a staged read out, advances buffer positions. */
    private static Object value(Operation<?> op, int n, ByteBuffer staging) {
        ByteBuffer b = OPS.buffer(op);
        switch (op.kind()) {
            case READ -> {
                if (n > op.nbytes()) {
                    throw new IllegalStateException("backend reported " + n + " bytes for a read of " + op.nbytes());
                }
                if (OPS.returnsBytes(op)) {
                    byte[] a = new byte[n];
                    if (n > 0) {
                        if (staging == null) {
                            throw new IllegalStateException("backend reported " + n + " bytes of a heap read"
                                    + " without staging them");
                        }
                        staging.get(0, a, 0, n);
                    }
                    return a;
                }
                if (staging != null) {
                    byte[] a = OPS.array(op);
                    if (a != null) {
                        staging.get(0, a, OPS.arrayOffset(op), n);
                    } else {
                        b.put(OPS.bufferPosition(op), staging, 0, n);
                    }
                }
                b.position(OPS.bufferPosition(op) + n);
                return count(n);
            }
            case WRITE -> {
                if (b != null) {
                    b.position(OPS.bufferPosition(op) + op.nbytes());
                }
                return count(op.nbytes());
            }
            default -> {
                return null;
            }
        }
    }

    /** One boxed count per power of two (2^0..2^30), built once. */
    private static final Integer[] POWERS_OF_TWO = new Integer[31];

    static {
        for (int i = 0; i < POWERS_OF_TWO.length; i++) {
            POWERS_OF_TWO[i] = Integer.valueOf(1 << i);
        }
    }

    /**
     * A byte count as a result. Transfers are block-sized, and blocks are powers of two: those share one
     * {@code Integer} each, so completing such a read or write allocates nothing beyond the future itself.
     */
    private static Integer count(int n) {
        return n > 0 && (n & (n - 1)) == 0 ? POWERS_OF_TWO[Integer.numberOfTrailingZeros(n)] : Integer.valueOf(n);
    }

    static String what(Operation<?> op) {
        return op.kind().name().toLowerCase(Locale.ROOT);
    }

    /**
     * One errno and one message per cause, whatever the backend: a cancellation caused by closing a guarded file is
     * that file's {@code EBADF}, and an {@code EINVAL} of a transfer that breaks page alignment is the misaligned
     * {@code O_DIRECT} request, the only reason positional I/O on a file refuses arguments that passed validation.
     */
    private static CaioIOException refine(Operation<?> op, CaioIOException e) {
        if ((e.errno() == Errno.ECANCELED || e.errno() == Errno.EBADF)
                && AbstractAsyncFileContext.descriptorClosing(op)) {
            return closedFile(op);
        }
        if (e.errno() == Errno.EINVAL && !e.getMessage().contains("misaligned") && misaligned(op)) {
            return Errno.exception(Errno.MISALIGNED, what(op));
        }
        return e;
    }

    /** Whether a read or write is off page alignment, the coarsest alignment an {@code O_DIRECT} device asks for. */
    private static boolean misaligned(Operation<?> op) {
        if (op.kind() != Operation.Kind.READ && op.kind() != Operation.Kind.WRITE) {
            return false;
        }
        if ((AbstractAsyncFileContext.position(op) & (Staging.PAGE - 1)) != 0
                || (AbstractAsyncFileContext.remaining(op) & (Staging.PAGE - 1)) != 0) {
            return true;
        }
        ByteBuffer direct = AbstractAsyncFileContext.directBuffer(op);
        return direct != null
                && direct.alignmentOffset(AbstractAsyncFileContext.directIndex(op), Staging.PAGE) != 0;
    }

    /** An operation on a guarded descriptor whose close began before the operation reached the backend. */
    static CaioIOException closedFile(Operation<?> op) {
        return new CaioIOException(Errno.EBADF, "EBADF", what(op) + " failed: EBADF (Bad file descriptor:"
                + " the file was closed before the operation reached it)", null);
    }

    /** A transfer whose end lies beyond the largest file offset, or null if it fits. */
    static CaioIOException overflow(Operation<?> op) {
        if (AbstractAsyncFileContext.position(op) <= Long.MAX_VALUE - AbstractAsyncFileContext.remaining(op)) {
            return null;
        }
        return new CaioIOException(Errno.EINVAL, "EINVAL", what(op) + " failed: EINVAL (offset " + op.offset()
                + " + length " + op.nbytes() + " exceeds the largest file offset)", null);
    }

    /** An operation whose staging memory could not be allocated. */
    static CaioIOException outOfMemory(Operation<?> op, OutOfMemoryError e) {
        return new CaioIOException(Errno.ENOMEM, "ENOMEM", what(op) + " failed: ENOMEM (cannot allocate "
                + AbstractAsyncFileContext.remaining(op) + " bytes to stage it: " + e.getMessage()
                + "; pass a direct buffer, read less at once, or raise -XX:MaxDirectMemorySize)", e);
    }

    /** An operation the closing of its context cancelled. */
    static CaioIOException contextClosed(String implementation) {
        return new CaioIOException(Errno.ECANCELED, "ECANCELED",
                "operation cancelled: context (" + implementation + ") closed", null);
    }
}
