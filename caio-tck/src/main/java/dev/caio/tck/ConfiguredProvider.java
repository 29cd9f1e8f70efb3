package dev.caio.tck;

import dev.caio.AsyncFileContext;
import dev.caio.spi.AsyncFileContextProvider;
import dev.caio.spi.Capability;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A provider whose every context is created with fixed backend options, so that the TCK can run once per option set
 * of a backend:
 *
 * <pre>{@code
 * class MyBackendDirectModeTckTest extends AsyncFileContextTck {
 *     protected AsyncFileContextProvider provider() {
 *         return new ConfiguredProvider(new MyProvider(), Map.of("mode", "direct"));
 *     }
 * }
 * }</pre>
 *
 * <p>Options passed to {@link #create(int, Map)} are added to the fixed ones and win over them. Thread-safe if the
 * delegate is.
 *
 * @param delegate the provider under test
 * @param options the options every context gets
 * @since 0.1
 */
public record ConfiguredProvider(AsyncFileContextProvider delegate, Map<String, String> options)
        implements AsyncFileContextProvider {
    /**
     * Copies {@code options}, so later changes to the map do not reach the contexts.
     *
     * @param delegate the provider under test
     * @param options the options every context gets
     * @throws NullPointerException if either argument is null, or {@code options} holds a null key or value
     */
    public ConfiguredProvider {
        Objects.requireNonNull(delegate, "delegate");
        options = Map.copyOf(options);
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public int priority() {
        return delegate.priority();
    }

    @Override
    public boolean isAvailable() {
        return delegate.isAvailable();
    }

    @Override
    public Throwable unavailabilityCause() {
        return delegate.unavailabilityCause();
    }

    /** The delegate's: a capability holds for every context whatever its options, these included. */
    @Override
    public Set<Capability> capabilities() {
        return delegate.capabilities();
    }

    @Override
    public long nativeMemoryInUse() {
        return delegate.nativeMemoryInUse();
    }

    @Override
    public AsyncFileContext create(int maxRequests) {
        return delegate.create(maxRequests, options);
    }

    @Override
    public AsyncFileContext create(int maxRequests, Map<String, String> more) {
        Map<String, String> all = new HashMap<>(options);
        all.putAll(more);
        return delegate.create(maxRequests, all);
    }
}
