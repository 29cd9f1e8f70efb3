package dev.caio.spi;

import dev.caio.Operation;
import java.util.ArrayDeque;

/** Per-thread flattening of nested starts; see {@code AbstractAsyncFileContext.dispatch}. */
final class Trampoline {
    static final ThreadLocal<Trampoline> CURRENT = ThreadLocal.withInitial(Trampoline::new);

    record Batch(AbstractAsyncFileContext context, Operation<?>[] ops, int count) {
    }

    boolean active;
    final ArrayDeque<Batch> pending = new ArrayDeque<>();
}
