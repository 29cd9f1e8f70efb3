package dev.caio.spi;

import dev.caio.Operation;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Scratch arrays for settling a batch of outcomes in {@link AbstractAsyncFileContext}: what each operation reported
 * (inputs), and what settling decided for it (outputs). One per thread, reused, so that reporting a batch allocates
 * nothing; a report nested in a callback of another uses a second one, kept for the next nesting.
 */
final class Settlement {
    private static final ThreadLocal<Settlement> CURRENT = new ThreadLocal<>();

    /** Nothing to do: the operation was settled already. */
    static final byte SKIP = 0;
    /** A short write to continue in the same slot. */
    static final byte AGAIN = 1;
    /** Complete the future with {@link #values} or {@link #errors}, then release. */
    static final byte FINISH = 2;
    /** The caller detached it: only release its memory. */
    static final byte RELEASE = 3;

    Operation<?>[] ops;
    long[] results;
    ByteBuffer[] staging;
    Throwable[] errors;
    Object[] values;
    byte[] modes;
    /** Operations to start afterwards: admitted into freed slots, or short writes to continue. */
    Operation<?>[] next;
    private boolean inUse;
    /** The context whose outcomes this scratch settles while {@link #inUse}. */
    private Object context;
    /** The scratch of a report nested in a callback of this one. */
    private Settlement nested;

    private Settlement(int size) {
        allocate(size);
    }

    private void allocate(int size) {
        ops = new Operation<?>[size];
        results = new long[size];
        staging = new ByteBuffer[size];
        errors = new Throwable[size];
        values = new Object[size];
        modes = new byte[size];
        next = new Operation<?>[size];
    }

    /** This thread's scratch for {@code count} outcomes of {@code context}; pair with {@link #release}. */
    static Settlement acquire(int count, Object context) {
        Settlement s = CURRENT.get();
        if (s == null) {
            s = new Settlement(Math.max(count, 64));
            CURRENT.set(s);
        }
        while (s.inUse) { // a report nested in a callback of an outer one: one level down, kept for next time
            if (s.nested == null) {
                s.nested = new Settlement(Math.max(count, 16));
            }
            s = s.nested;
        }
        if (s.ops.length < count) {
            s.allocate(Math.max(count, 2 * s.ops.length));
        }
        s.inUse = true;
        s.context = context;
        return s;
    }

    /**
     * Whether this thread is settling outcomes (and so may be running completion callbacks) of {@code context}, or
     * of any context when {@code context} is null.
     */
    static boolean settling(Object context) {
        for (Settlement s = CURRENT.get(); s != null && s.inUse; s = s.nested) {
            if (context == null || s.context == context) {
                return true;
            }
        }
        return false;
    }

    /** Drops the references of the first {@code count} entries, so nothing outlives the report. */
    void release(int count) {
        Arrays.fill(ops, 0, count, null);
        Arrays.fill(staging, 0, count, null);
        Arrays.fill(errors, 0, count, null);
        Arrays.fill(values, 0, count, null);
        Arrays.fill(next, 0, count, null);
        inUse = false;
        context = null;
    }
}
