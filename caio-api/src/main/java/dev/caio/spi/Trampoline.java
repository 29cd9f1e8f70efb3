package dev.caio.spi;

import dev.caio.Operation;
import java.util.ArrayDeque;

/** Per-thread flattening of nested starts; see {@code AbstractAsyncFileContext.dispatch}. */
final class Trampoline {
    static final ThreadLocal<Trampoline> CURRENT = ThreadLocal.withInitial(Trampoline::new);

    record Batch(AbstractAsyncFileContext context, Operation<?>[] ops, int count) {
    }

    boolean active;
    /** Reused for single-operation starts, which are never queued in {@link #pending} (those get a copy). */
    final Operation<?>[] single = new Operation<?>[1];
    final ArrayDeque<Batch> pending = new ArrayDeque<>();
}
