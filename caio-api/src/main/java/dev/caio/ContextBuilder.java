package dev.caio;

import dev.caio.internal.BackendSelector;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a context with an explicit implementation or backend options. Not thread-safe; build once, use anywhere.
 *
 * <pre>{@code
 * AsyncFileContext ctx = AsyncFileContext.builder().implementation("thread").maxRequests(64)
 *         .option("poolSize", "4").build();
 * }</pre>
 *
 * @since 0.1
 */
public final class ContextBuilder {
    private String implementation;
    private int maxRequests = AsyncFileContext.DEFAULT_MAX_REQUESTS;
    private final Map<String, String> options = new LinkedHashMap<>();

    ContextBuilder() {
    }

    /**
     * Use this implementation, with no fallback; by default selection decides (see
     * {@link AsyncFileContext#selection()}). The name is checked by {@link #build()}.
     *
     * @param name the implementation's name, such as {@code "thread"}
     * @return this builder
     * @throws NullPointerException if {@code name} is null
     */
    public ContextBuilder implementation(String name) {
        this.implementation = Objects.requireNonNull(name, "implementation");
        return this;
    }

    /**
     * Operations admitted into the backend at once; default {@value AsyncFileContext#DEFAULT_MAX_REQUESTS}.
     *
     * @param maxRequests how many operations the backend holds at once; further ones wait in the context's queue
     * @return this builder
     * @throws IllegalArgumentException if {@code maxRequests} is not in
     *         {@code [1, }{@link AsyncFileContext#MAX_REQUESTS_LIMIT}{@code ]}
     */
    public ContextBuilder maxRequests(int maxRequests) {
        dev.caio.spi.AbstractAsyncFileContext.checkMaxRequests(maxRequests);
        this.maxRequests = maxRequests;
        return this;
    }

    /**
     * A backend option, such as {@code poolSize} for the thread pools. An implementation refuses options it does not
     * know with an {@link IllegalArgumentException} from {@link #build()}; with automatic selection, pass only options
     * every candidate knows, or name the implementation. Setting a key again replaces its value.
     *
     * @param key the option's name, as the implementation documents it
     * @param value its value as text; the implementation parses it in {@link #build()}
     * @return this builder
     * @throws NullPointerException if {@code key} or {@code value} is null
     */
    public ContextBuilder option(String key, String value) {
        options.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Creates the context. Without {@link #implementation(String)}, a selected implementation that hits a kernel or
     * process limit is replaced by the next available one, with a warning (see {@link AsyncFileContext#create()});
     * a named implementation has no fallback. The builder can be used again afterwards.
     *
     * @return a new open context; the caller owns it and must close it
     * @throws IllegalArgumentException if the named implementation does not exist or refuses an option
     * @throws IllegalStateException if the named implementation is unavailable, or none is
     * @throws java.io.UncheckedIOException if the named implementation, or with selection every available one,
     *         cannot create a context now; the message names the limit, its value and the command that raises it,
     *         and the cause is a {@link CaioIOException} naming the errno ({@code EAGAIN}, {@code ENOMEM}, ...)
     */
    public AsyncFileContext build() {
        return BackendSelector.instance().create(implementation, maxRequests, Map.copyOf(options));
    }
}
