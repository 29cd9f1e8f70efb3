package dev.caio.tck;

import dev.caio.AsyncFileContext;
import dev.caio.Operation;
import dev.caio.spi.AbstractAsyncFileContext;
import dev.caio.spi.AsyncFileContextProvider;
import dev.caio.spi.ChannelIo;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A minimal correct backend for the TCK's self-tests (caio-tck cannot depend on caio-java, whose tests depend on
 * it): the base class plus {@link ChannelIo} on a small pool. Broken backends wrap it.
 */
final class ReferenceContext extends AbstractAsyncFileContext {
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    ReferenceContext(int maxRequests) {
        super("reference", maxRequests);
    }

    @Override
    protected void start(Operation<?>[] ops, int count) {
        for (int i = 0; i < count; i++) {
            Operation<?> op = ops[i];
            pool.execute(() -> ChannelIo.run(this, op));
        }
    }

    @Override
    protected boolean shutdown() {
        pool.shutdown();
        try {
            return pool.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A provider of reference contexts, each passed through {@code breaker}. */
    static AsyncFileContextProvider provider(UnaryOperator<AsyncFileContext> breaker) {
        return new AsyncFileContextProvider() {
            @Override
            public String name() {
                return "reference";
            }

            @Override
            public int priority() {
                return 0;
            }

            @Override
            public boolean isAvailable() {
                return true;
            }

            @Override
            public Throwable unavailabilityCause() {
                return null;
            }

            @Override
            public AsyncFileContext create(int maxRequests) {
                return breaker.apply(new ReferenceContext(maxRequests));
            }
        };
    }
}
