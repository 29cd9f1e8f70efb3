package dev.caio.internal.natives;

import dev.caio.Operation;
import java.nio.ByteBuffer;

/** A thread's submission and delivery arrays, reused so that a submission allocates nothing. */
final class SubmitArrays {
    final long[] completions = new long[2 * 64];
    final Deliveries deliveries = new Deliveries(64);
    Object[] fds = new Object[16];
    Object[] buffers = new Object[16];
    long[] params = new long[16 * NativeLayout.PARAMS];
    /** Operations left out of the batch because their staging memory could not be allocated. */
    Operation<?>[] starved = new Operation<?>[16];

    /** Grows the arrays to hold {@code n} operations. */
    void ensure(int n) {
        if (fds.length < n) {
            int size = Math.max(n, fds.length * 2);
            fds = new Object[size];
            buffers = new Object[size];
            params = new long[size * NativeLayout.PARAMS];
            starved = new Operation<?>[size];
        }
    }

    /** Arrays to report a batch of completions in, reused by one thread. */
    static final class Deliveries {
        final Operation<?>[] ops;
        final long[] results;
        final ByteBuffer[] staged;

        Deliveries(int size) {
            ops = new Operation<?>[size];
            results = new long[size];
            staged = new ByteBuffer[size];
        }
    }
}
