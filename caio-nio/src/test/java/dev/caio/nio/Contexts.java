package dev.caio.nio;

import dev.caio.AsyncFileContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One context per implementation available here, shared by the test classes that use this extension
 * ({@code @ExtendWith(Contexts.class)}) and closed when the test run ends, so that no class opens its own.
 */
final class Contexts implements BeforeAllCallback {
    private static final Map<String, AsyncFileContext> OPEN = new ConcurrentHashMap<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(Contexts.class,
                key -> (AutoCloseable) () -> {
                    OPEN.values().forEach(AsyncFileContext::close);
                    OPEN.clear();
                }, AutoCloseable.class);
    }

    /** The shared context of {@code impl}, created on first use. */
    static AsyncFileContext of(String impl) {
        return OPEN.computeIfAbsent(impl, i -> AsyncFileContext.create(i, 16));
    }

    /** The implementations that can create a context here: the parameters of every test. */
    static List<String> implementations() {
        return Differential.available();
    }
}
