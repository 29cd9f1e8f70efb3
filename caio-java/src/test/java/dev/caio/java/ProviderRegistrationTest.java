package dev.caio.java;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caio.AsyncFileContext;
import dev.caio.tck.ProviderRegistration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AutoService's META-INF/services entry and module-info's {@code provides} must name the same provider. */
class ProviderRegistrationTest {
    @Test
    void servicesFileAndModuleDescriptorAgree() {
        ProviderRegistration.assertConsistent(JavaChannelProvider.class, "dev.caio.java");
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
