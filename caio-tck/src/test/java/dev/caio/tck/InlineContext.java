package dev.caio.tck;

import dev.caio.AsyncFileContext;
import dev.caio.Operation;
import dev.caio.spi.AbstractAsyncFileContext;
import dev.caio.spi.AsyncFileContextProvider;
import dev.caio.spi.ChannelIo;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * A correct backend that completes every operation inline, inside {@link #start}, on the submitting thread, as the
 * SPI allows: it has no threads and no queue of its own. The TCK must pass it (r4.1 included: the base class still
 * queues what is beyond maxRequests), and {@link BrokenBackends} breaks it to check that r4.1 still catches an
 * inline backend that runs cancelled queued work.
 */
final class InlineContext extends AbstractAsyncFileContext {

    InlineContext(int maxRequests) {
        super("inline", maxRequests);
    }

    @Override
    protected void start(Operation<?>[] ops, int count) {
        for (int i = 0; i < count; i++) {
            ChannelIo.run(this, ops[i]);
        }
    }

    @Override
    protected boolean shutdown() {
        return true; // nothing runs once start() has returned
    }

    /** A provider of the contexts {@code factory} makes for a {@code maxRequests}. */
    static AsyncFileContextProvider provider(IntFunction<AsyncFileContext> factory) {
        return new TestProvider("inline", Set.of(), factory);
    }
}
