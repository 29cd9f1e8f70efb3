package dev.caio.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caio.spi.AsyncFileContextProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks that a backend registers its provider the same way for the class path ({@code META-INF/services}, which
 * AutoService writes) and for the module path ({@code provides ... with} in {@code module-info}), which no tool checks.
 * Call it from a test in the backend's module, run from the build's class directories.
 *
 * @since 0.1
 */
public final class ProviderRegistration {
    private static final String SPI = AsyncFileContextProvider.class.getName();

    private ProviderRegistration() {
    }

    /**
     * Asserts both registrations name exactly {@code provider}, in module {@code moduleName}. Reads
     * {@code META-INF/services} and {@code module-info.class} from the class directory {@code provider} was loaded
     * from.
     *
     * @param provider the backend's provider class, loaded from a class directory (not a jar)
     * @param moduleName the name the backend's module descriptor must declare
     * @throws org.opentest4j.AssertionFailedError if a registration is missing, names another class, or the module
     *         has another name
     * @throws UncheckedIOException if a file cannot be read, such as {@code module-info.class} when there is none
     */
    public static void assertConsistent(Class<? extends AsyncFileContextProvider> provider, String moduleName) {
        try {
            Path classes = Path.of(provider.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path services = classes.resolve("META-INF/services/" + SPI);
            assertTrue(Files.exists(services), "no " + services + " (is AutoService on the processor path?)");
            Set<String> listed = Files.readAllLines(services, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toSet());
            ModuleDescriptor md;
            try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
                md = ModuleDescriptor.read(in);
            }
            assertNotNull(md);
            Set<String> provided = md.provides().stream().filter(p -> p.service().equals(SPI))
                    .flatMap(p -> p.providers().stream()).collect(Collectors.toSet());
            assertEquals(Set.of(provider.getName()), listed, "META-INF/services");
            assertEquals(listed, provided, "module-info provides ... with");
            assertEquals(moduleName, md.name());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
