package dev.caio.tck;

import dev.caio.AsyncFileContext;
import dev.caio.Operation;
import dev.caio.spi.AbstractAsyncFileContext;
import dev.caio.spi.AsyncFileContextProvider;
import dev.caio.spi.ChannelIoPool;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A minimal correct backend for the TCK's self-tests (caio-tck cannot depend on caio-java, whose tests depend on
 * it): the base class plus {@link ChannelIoPool}. Broken backends wrap it.
 */
final class ReferenceContext extends AbstractAsyncFileContext {
    private final ChannelIoPool pool;

    ReferenceContext(int maxRequests) {
        super("reference", maxRequests);
        pool = new ChannelIoPool(this, "caio-reference-", 4);
    }

    @Override
    protected void start(Operation<?>[] ops, int count) {
        for (int i = 0; i < count; i++) {
            pool.execute(ops[i]);
        }
    }

    @Override
    protected boolean shutdown() {
        return pool.shutdown();
    }

    /** A provider of reference contexts, each passed through {@code breaker}. */
    static AsyncFileContextProvider provider(UnaryOperator<AsyncFileContext> breaker) {
        return new TestProvider("reference", Set.of(), max -> breaker.apply(new ReferenceContext(max)));
    }
}
