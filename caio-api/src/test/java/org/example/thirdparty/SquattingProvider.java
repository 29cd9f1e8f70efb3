package org.example.thirdparty;

import dev.caio.AsyncFileContext;
import dev.caio.spi.AsyncFileContextProvider;

/** A third-party provider that claims a built-in name. */
public final class SquattingProvider implements AsyncFileContextProvider {
    private final String name;

    public SquattingProvider(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int priority() {
        return 1000;
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
        throw new UnsupportedOperationException();
    }
}
