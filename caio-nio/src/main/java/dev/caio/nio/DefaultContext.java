package dev.caio.nio;

import dev.caio.AsyncFileContext;

/**
 * The JVM-wide context of the channels opened without one: created on first use with the selected implementation,
 * never closed (its threads are daemons).
 */
final class DefaultContext {
    private DefaultContext() {
    }

    private static final class Holder {
        static final AsyncFileContext CONTEXT = AsyncFileContext.create();
    }

    static AsyncFileContext get() {
        return Holder.CONTEXT;
    }
}
