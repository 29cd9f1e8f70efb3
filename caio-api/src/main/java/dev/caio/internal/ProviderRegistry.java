package dev.caio.internal;

import dev.caio.spi.AsyncFileContextProvider;
import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The discovered providers, validated: names match {@code [a-z0-9-]+}, a name claimed twice is an error naming both
 * classes and their jars, and the built-in names belong to caio's own classes. A provider that fails to load is
 * reported and skipped, never fatal (one bad jar must not take the others down).
 */
public final class ProviderRegistry {
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]+");
    private static final Set<String> BUILT_IN = Set.of("uring", "linux", "thread", "java");

    private final Map<String, AsyncFileContextProvider> byName;
    private final List<String> problems;

    private ProviderRegistry(Map<String, AsyncFileContextProvider> byName, List<String> problems) {
        this.byName = byName;
        this.problems = problems;
    }

    /** Discovers providers with {@link ServiceLoader} through the class loader of the API. */
    public static ProviderRegistry discover() {
        List<AsyncFileContextProvider> found = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Iterator<AsyncFileContextProvider> it =
                ServiceLoader.load(AsyncFileContextProvider.class, ProviderRegistry.class.getClassLoader()).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError e) {
                problems.add("a provider failed to load and was skipped: " + e.getMessage()
                        + Diagnostics.link("provider-failed-to-load"));
            }
        }
        return of(found, problems);
    }

    /** Validates {@code providers}. @throws IllegalStateException if two claim one name */
    public static ProviderRegistry of(Iterable<? extends AsyncFileContextProvider> providers, List<String> problems) {
        Map<String, AsyncFileContextProvider> byName = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>(problems);
        for (AsyncFileContextProvider p : providers) {
            String name = p.name();
            if (name == null || !NAME.matcher(name).matches()) {
                notes.add("provider " + describe(p) + " skipped: its name '" + name + "' does not match [a-z0-9-]+"
                        + Diagnostics.link("provider-name-invalid"));
                continue;
            }
            if (BUILT_IN.contains(name) && !p.getClass().getName().startsWith("dev.caio.")) {
                notes.add("provider " + describe(p) + " skipped: the name '" + name + "' is reserved for caio's own "
                        + name + " backend" + Diagnostics.link("provider-name-reserved"));
                continue;
            }
            AsyncFileContextProvider previous = byName.putIfAbsent(name, p);
            if (previous != null) {
                throw new IllegalStateException("caio: several providers are named '" + name + "': "
                        + describe(previous) + " and " + describe(p)
                        + "; remove one of the jars from the class path" + Diagnostics.link("several-providers"));
            }
        }
        return new ProviderRegistry(byName, List.copyOf(notes));
    }

    /** The providers, highest priority first (ties by name). */
    public List<AsyncFileContextProvider> byPriority() {
        List<AsyncFileContextProvider> list = new ArrayList<>(byName.values());
        list.sort(Comparator.comparingInt(AsyncFileContextProvider::priority).reversed()
                .thenComparing(AsyncFileContextProvider::name));
        return list;
    }

    /** The provider named {@code name}, or null. */
    public AsyncFileContextProvider get(String name) {
        return byName.get(name);
    }

    /** The known names, sorted. */
    public List<String> names() {
        return byName.keySet().stream().sorted().toList();
    }

    /** Problems met while discovering (skipped providers). */
    public List<String> problems() {
        return problems;
    }

    /** {@code ClassName (location)}. */
    public static String describe(AsyncFileContextProvider p) {
        return p.getClass().getName() + " (" + location(p) + ")";
    }

    /** Where the provider class was loaded from. */
    public static String location(AsyncFileContextProvider p) {
        try {
            CodeSource cs = p.getClass().getProtectionDomain().getCodeSource();
            URL url = cs == null ? null : cs.getLocation();
            return url == null ? "unknown" : url.toString();
        } catch (SecurityException e) {
            return "unknown";
        }
    }
}
