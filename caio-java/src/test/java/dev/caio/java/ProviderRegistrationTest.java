package dev.caio.java;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caio.AsyncFileContext;
import dev.caio.spi.AsyncFileContextProvider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** AutoService's META-INF/services entry and module-info's {@code provides} must name the same provider. */
class ProviderRegistrationTest {
    private static final String SPI = AsyncFileContextProvider.class.getName();

    @Test
    void servicesFileAndModuleDescriptorAgree() throws IOException {
        Set<String> services;
        try (InputStream in = JavaChannelProvider.class.getResourceAsStream("/META-INF/services/" + SPI)) {
            services = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toSet());
        }
        Path classes = Path.of(JavaChannelProvider.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        ModuleDescriptor md;
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            md = ModuleDescriptor.read(in);
        }
        Set<String> provides = md.provides().stream().filter(p -> p.service().equals(SPI))
                .flatMap(p -> p.providers().stream()).collect(Collectors.toSet());
        assertEquals(Set.of(JavaChannelProvider.class.getName()), services);
        assertEquals(services, provides);
        assertEquals("dev.caio.java", md.name());
    }

    @Test
    void serviceLoaderFindsTheProviderAndSelectionFallsBackToIt() {
        List<String> names = AsyncFileContext.implementations().stream().map(i -> i.name()).toList();
        assertEquals(List.of("java"), names);
        try (AsyncFileContext ctx = AsyncFileContext.create()) {
            assertEquals("java", ctx.implementation());
            assertEquals(AsyncFileContext.DEFAULT_MAX_REQUESTS, ctx.maxRequests());
        }
    }

    @Test
    void optionsAreParsedAndUnknownOnesRefused() {
        try (AsyncFileContext ctx = AsyncFileContext.builder().implementation("java").option("threads", "2")
                .maxRequests(3).build()) {
            assertEquals(3, ctx.maxRequests());
        }
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> AsyncFileContext.builder().implementation("java").option("poolSize", "2").build());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> AsyncFileContext.builder().implementation("java").option("threads", "0").build());
    }
}
