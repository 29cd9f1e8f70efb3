package dev.caio.java;

import com.google.auto.service.AutoService;
import dev.caio.AsyncFileContext;
import dev.caio.spi.AsyncFileContextProvider;
import dev.caio.spi.Capability;
import java.util.Map;
import java.util.Set;

/**
 * Provides the {@code java} implementation: pure Java, available on every platform, lowest priority. Options:
 * {@code threads} (the I/O pool size; default the {@code caio.java.threads} system property, else 8).
 *
 * @since 0.1
 */
@AutoService(AsyncFileContextProvider.class)
public final class JavaChannelProvider implements AsyncFileContextProvider {
    /** The implementation name. */
    public static final String NAME = "java";

    /** Creates the provider; does no work. */
    public JavaChannelProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 100;
    }

    /** Always true: the JDK is all this backend needs. */
    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public Throwable unavailabilityCause() {
        return null;
    }

    /**
     * None: an operation handed to the pool runs to its end, since its worker cannot be interrupted (that would close
     * the caller's descriptor), so cancelling it in flight only detaches its future.
     */
    @Override
    public Set<Capability> capabilities() {
        return Set.of();
    }

    @Override
    public AsyncFileContext create(int maxRequests) {
        return create(maxRequests, Map.of());
    }

    @Override
    public AsyncFileContext create(int maxRequests, Map<String, String> options) {
        return new JavaChannelContext(maxRequests, JavaChannelOptions.threads(options));
    }
}
