package dev.caio.spi;

import dev.caio.AsyncFileContext;
import java.util.Map;
import java.util.Set;

/**
 * The service a backend registers with {@link java.util.ServiceLoader} (in {@code META-INF/services} and with
 * {@code provides ... with} in its module descriptor). One small provider class per backend; the real work lives
 * beside it. Providers must have a public no-argument constructor that does no work: probing happens in
 * {@link #isAvailable()}.
 *
 * @since 0.1
 */
public interface AsyncFileContextProvider {

    /**
     * The implementation's name: {@code [a-z0-9-]+}, unique among providers (a duplicate is an error). Thread-safe,
     * and probes nothing.
     *
     * @return the name that {@code caio.impl}, {@code CAIO_IMPL} and {@link dev.caio.ContextBuilder#implementation}
     *         select this backend by, and that its contexts report as their implementation
     */
    String name();

    /**
     * Higher is preferred by automatic selection; the built-ins use uring 400, linux 300, thread 200, java 100.
     * Thread-safe, and probes nothing.
     *
     * @return this backend's rank among the available ones when no implementation is named
     */
    int priority();

    /**
     * Whether contexts can be created here. Never throws; probes once (a kernel call, a native library load, a
     * self-test) and remembers the answer. Thread-safe.
     *
     * @return true when {@link #create(int)} can succeed here, false when it would throw
     *         {@link IllegalStateException}
     */
    boolean isAvailable();

    /**
     * Why {@link #isAvailable()} is false, with the fix where one is known; null when available. Thread-safe, as
     * {@link #isAvailable()}.
     *
     * @return the failure the probe met, whose message says what is missing (and the fix where one is known), or
     *         null
     */
    Throwable unavailabilityCause();

    /**
     * Bytes of native memory the backend's library holds now, counted by its allocator (rings, request tables, batch
     * arrays; not thread stacks, not the caller's buffers), for leak checks: back to 0 after every context is closed.
     * Never throws and never loads or probes anything; thread-safe. The default, for backends without native memory,
     * returns -1.
     *
     * @return the bytes held now, or -1 when the backend has no native memory or its library is not loaded
     */
    default long nativeMemoryInUse() {
        return -1;
    }

    /**
     * The behaviours that the contract leaves to the backend and that this backend has, in every context it creates
     * whatever the options (see {@link Capability}). Backend authors declare them here, deliberately: the TCK runs
     * the optional rules of each declared capability and skips the others, so declaring one the backend lacks fails
     * the TCK, and leaving out one it has only leaves its rules unchecked. Never throws and never probes anything;
     * thread-safe. The default declares none.
     *
     * @return an unmodifiable set, empty by default
     */
    default Set<Capability> capabilities() {
        return Set.of();
    }

    /**
     * A new context. Thread-safe: any thread may create contexts, and each is independent of the others.
     *
     * @param maxRequests how many operations the context admits into the backend at once
     * @return a new open context, owned by the caller, who must close it
     * @throws IllegalArgumentException if {@code maxRequests} is not in
     *         [1, {@link dev.caio.AsyncFileContext#MAX_REQUESTS_LIMIT}]
     * @throws IllegalStateException if unavailable
     * @throws java.io.UncheckedIOException if the kernel refuses what a context needs (its cause is a
     *         {@link dev.caio.CaioIOException} naming the errno, and its message the limit and how to raise it);
     *         for {@code EAGAIN}, {@code ENOMEM}, {@code EMFILE} and {@code ENFILE} selection falls back to the next
     *         implementation
     */
    AsyncFileContext create(int maxRequests);

    /**
     * A new context with backend options (see {@link dev.caio.ContextBuilder#option}). The default accepts no
     * options. Thread-safe, as {@link #create(int)}.
     *
     * @param maxRequests how many operations the context admits into the backend at once
     * @param options the backend options by key, not null (see {@link BackendOptions}); the caller's map, which the
     *        backend must not change
     * @return a new open context, owned by the caller, who must close it
     * @throws IllegalArgumentException if {@code maxRequests} is not in
     *         [1, {@link dev.caio.AsyncFileContext#MAX_REQUESTS_LIMIT}], or an option is unknown or malformed
     * @throws IllegalStateException if unavailable
     * @throws java.io.UncheckedIOException if the kernel refuses what a context needs, as {@link #create(int)}
     */
    default AsyncFileContext create(int maxRequests, Map<String, String> options) {
        if (!options.isEmpty()) {
            throw new IllegalArgumentException("implementation " + name() + " takes no options, got " + options.keySet());
        }
        return create(maxRequests);
    }
}
