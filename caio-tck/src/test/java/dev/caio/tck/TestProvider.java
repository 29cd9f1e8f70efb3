package dev.caio.tck;

import dev.caio.AsyncFileContext;
import dev.caio.spi.AsyncFileContextProvider;
import dev.caio.spi.Capability;
import java.util.Set;
import java.util.function.IntFunction;

/** The always-available provider of the self-test's backends: a name, its capabilities and a context factory. */
record TestProvider(String name, Set<Capability> capabilities, IntFunction<AsyncFileContext> factory)
        implements AsyncFileContextProvider {

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
        return factory.apply(maxRequests);
    }
}
