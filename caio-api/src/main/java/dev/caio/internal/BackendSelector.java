package dev.caio.internal;

import dev.caio.AsyncFileContext;
import dev.caio.CaioIOException;
import dev.caio.ImplementationInfo;
import dev.caio.Selection;
import dev.caio.spi.AsyncFileContextProvider;
import dev.caio.spi.Errno;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one place that knows the selection order:
 * <ol>
 *   <li>the system property {@code caio.impl};</li>
 *   <li>the environment variable {@code CAIO_IMPL};</li>
 *   <li>the first {@code META-INF/caio/default_implementation} resource on the class path: the first line naming an
 *       available implementation (see {@link DefaultImplementationFile});</li>
 *   <li>the available implementation with the highest priority (uring &gt; linux &gt; thread &gt; java).</li>
 * </ol>
 * An unknown or unavailable name in rule 1 or 2 is not fatal: a warning through {@link System.Logger} names the value,
 * the valid names and the reason, and the next rule decides. An explicit name given in code has no fallback.
 */
public final class BackendSelector {
    public static final String PROPERTY = "caio.impl";
    public static final String ENVIRONMENT = "CAIO_IMPL";

    private static final System.Logger LOG = System.getLogger("dev.caio");
    private static volatile BackendSelector instance;

    private final Supplier<ProviderRegistry> registrySupplier;
    private volatile ProviderRegistry registry;
    private final Function<String, String> properties;
    private final Function<String, String> environment;
    private final ClassLoader resources;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /**
     * @param registry the providers (discovered lazily on first use)
     * @param properties system property lookup
     * @param environment environment lookup
     * @param resources where {@code META-INF/caio/default_implementation} is looked up
     */
    public BackendSelector(Supplier<ProviderRegistry> registry, Function<String, String> properties,
                           Function<String, String> environment, ClassLoader resources) {
        this.registrySupplier = registry;
        this.properties = properties;
        this.environment = environment;
        this.resources = resources;
    }

    /** The process-wide selector over {@link java.util.ServiceLoader} discovery. */
    public static BackendSelector instance() {
        BackendSelector s = instance;
        if (s == null) {
            synchronized (BackendSelector.class) {
                s = instance;
                if (s == null) {
                    s = new BackendSelector(ProviderRegistry::discover, System::getProperty, System::getenv,
                            BackendSelector.class.getClassLoader());
                    instance = s;
                }
            }
        }
        return s;
    }

    /** Forgets the process-wide selector (tests). */
    public static void reset() {
        instance = null;
    }

    ProviderRegistry registry() {
        ProviderRegistry r = registry;
        if (r == null) {
            r = registrySupplier.get();
            for (String problem : r.problems()) {
                warn(problem);
            }
            registry = r;
        }
        return r;
    }

    /** Every implementation, highest priority first. */
    public List<ImplementationInfo> implementations() {
        List<ImplementationInfo> list = new ArrayList<>();
        for (AsyncFileContextProvider p : registry().byPriority()) {
            boolean available = p.isAvailable();
            list.add(new ImplementationInfo(p.name(), p.priority(), available,
                    available ? null : p.unavailabilityCause(), p.getClass().getName(), ProviderRegistry.location(p)));
        }
        return List.copyOf(list);
    }

    /**
     * Applies the rules. When rule 4 passes over a higher-priority implementation whose unavailability cause has a
     * {@link LinkageError} in its chain (its native library failed to load or was not caio's), the selection carries
     * a warning naming it and the reason, also logged once. Thread-safe; probing may re-run for a backend whose last
     * failure was transient.
     *
     * @throws IllegalStateException if nothing is available
     */
    public Selection select() {
        ProviderRegistry reg = registry();
        List<String> warnings = new ArrayList<>();
        String chosen = requested(reg, properties.apply(PROPERTY), "system property " + PROPERTY, warnings);
        if (chosen != null) {
            return done(chosen, "system property " + PROPERTY, warnings);
        }
        chosen = requested(reg, environment.apply(ENVIRONMENT), "environment variable " + ENVIRONMENT, warnings);
        if (chosen != null) {
            return done(chosen, "environment variable " + ENVIRONMENT, warnings);
        }
        URL url = firstResource();
        if (url != null) {
            for (String name : DefaultImplementationFile.read(url)) {
                AsyncFileContextProvider p = reg.get(name);
                if (p != null && p.isAvailable()) {
                    return done(name, "resource " + url, warnings);
                }
                warnings.add("line '" + name + "' of " + url + " skipped: "
                        + (p == null ? "unknown implementation" : "unavailable: " + reason(p))
                        + Diagnostics.link("default-implementation-skipped"));
            }
        }
        for (AsyncFileContextProvider p : reg.byPriority()) {
            if (p.isAvailable()) {
                return done(p.name(), "highest priority", warnings);
            }
            // Passed over because its native library failed to load (or was refused): without a warning the
            // backend would vanish silently, as a planted or stale library once made it.
            Throwable link = p.unavailabilityCause();
            for (int depth = 0; link != null && !(link instanceof LinkageError) && depth < 32; depth++) {
                link = link.getCause();
            }
            if (link instanceof LinkageError) {
                String w = p.name() + " skipped: its native library did not load: " + reason(p)
                        + Diagnostics.link("native-load-failed");
                warnings.add(w);
                warn("caio: " + w);
            }
        }
        StringBuilder sb = new StringBuilder("caio: no implementation is available");
        for (AsyncFileContextProvider p : reg.byPriority()) {
            sb.append("; ").append(p.name()).append(": ").append(reason(p));
        }
        if (reg.names().isEmpty()) {
            sb.append(": no provider on the class path; add dev.caio:caio-java");
        }
        sb.append(Diagnostics.link("no-implementation"));
        throw new IllegalStateException(sb.toString());
    }

    private Selection done(String name, String rule, List<String> warnings) {
        return new Selection(name, rule, warnings);
    }

    /** The requested name if it can be used; otherwise warns (once per distinct message) and returns null. */
    private String requested(ProviderRegistry reg, String value, String source, List<String> warnings) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String name = value.strip();
        AsyncFileContextProvider p = reg.get(name);
        if (p != null && p.isAvailable()) {
            return name;
        }
        String w = source + "='" + value + "' ignored: "
                + (p == null ? "unknown implementation" : "unavailable: " + reason(p))
                + "; valid names are " + String.join(", ", reg.names())
                + Diagnostics.link(p == null ? "unknown-caio-impl" : "unavailable-caio-impl");
        warnings.add(w);
        warn("caio: " + w);
        return null;
    }

    private URL firstResource() {
        try {
            Enumeration<URL> e = resources.getResources(DefaultImplementationFile.RESOURCE);
            return e.hasMoreElements() ? e.nextElement() : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates a context: of {@code name} with no fallback, or of the selected implementation when null. Selection
     * falls back on a resource failure only: when creating fails with a {@link CaioIOException} of {@code EAGAIN},
     * {@code ENOMEM}, {@code EMFILE} or {@code ENFILE} in its cause chain (a kernel or process limit, which another
     * implementation may not share: io_uring's memlock, native AIO's {@code fs.aio-max-nr}, threads), the next
     * available implementation by priority is tried, and a warning naming both and the failure is logged once per
     * implementation, next one and errno. Anything else, such as an {@link IllegalArgumentException} for an option,
     * is thrown at once.
     *
     * @throws IllegalArgumentException if {@code maxRequests} is not in [1, MAX_REQUESTS_LIMIT], no implementation has
     *         that name, or the implementation refuses an option
     * @throws IllegalStateException if the named implementation is unavailable, or none is
     * @throws UncheckedIOException when the named implementation, or every available one, failed to create a context;
     *         with selection it is the selected implementation's failure, the others' attached as suppressed
     */
    public AsyncFileContext create(String name, int maxRequests, Map<String, String> options) {
        dev.caio.spi.AbstractAsyncFileContext.checkMaxRequests(maxRequests);
        ProviderRegistry reg = registry();
        if (name != null) {
            AsyncFileContextProvider p = reg.get(name);
            if (p == null) {
                throw new IllegalArgumentException("caio: no implementation named '" + name + "'; valid names are "
                        + String.join(", ", reg.names()) + Diagnostics.link("unknown-implementation"));
            }
            if (!p.isAvailable()) {
                throw new IllegalStateException("caio: implementation " + name + " is unavailable: " + reason(p)
                        + Diagnostics.link("implementation-unavailable"),
                        p.unavailabilityCause());
            }
            return p.create(maxRequests, options);
        }
        Selection s = select();
        LOG.log(System.Logger.Level.DEBUG, () -> "caio: using " + s.implementation() + " (" + s.rule() + ")");
        List<AsyncFileContextProvider> candidates = new ArrayList<>();
        candidates.add(reg.get(s.implementation()));
        for (AsyncFileContextProvider p : reg.byPriority()) {
            if (!p.name().equals(s.implementation()) && p.isAvailable()) {
                candidates.add(p);
            }
        }
        RuntimeException first = null;
        for (int i = 0; i < candidates.size(); i++) {
            AsyncFileContextProvider p = candidates.get(i);
            try {
                return p.create(maxRequests, options);
            } catch (RuntimeException e) {
                CaioIOException limit = null;
                for (Throwable t = e; t != null && limit == null; t = t.getCause()) {
                    if (t instanceof CaioIOException c && Errno.isResourceShortage(c.errno())) {
                        limit = c;
                    }
                }
                if (limit == null) {
                    if (first != null) {
                        e.addSuppressed(first);
                    }
                    throw e; // a programming error, or a failure another implementation would not avoid
                }
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
                if (i + 1 < candidates.size()) {
                    String next = candidates.get(i + 1).name();
                    if (warned.add("fallback " + p.name() + " " + next + " " + limit.errnoName())) {
                        LOG.log(System.Logger.Level.WARNING, "caio: " + p.name() + " could not create a context,"
                                + " using " + next + " instead (this warning is logged once; name the"
                                + " implementation to fail instead): " + limit.getMessage()
                                + Diagnostics.link("create-fallback"));
                    }
                }
            }
        }
        throw first;
    }

    static String reason(AsyncFileContextProvider p) {
        Throwable t = p.unavailabilityCause();
        if (t == null) {
            return "no reason given";
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    private void warn(String message) {
        if (warned.add(message)) {
            LOG.log(System.Logger.Level.WARNING, message);
        }
    }
}
