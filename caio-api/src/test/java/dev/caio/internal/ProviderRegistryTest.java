package dev.caio.internal;

import static dev.caio.internal.BackendSelectorTest.provider;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.example.thirdparty.SquattingProvider;
import org.junit.jupiter.api.Test;

class ProviderRegistryTest {

    @Test
    void duplicateNamesAreAnErrorNamingBothClassesAndLocations() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ProviderRegistry.of(List.of(provider("fast", 5, true), provider("fast", 6, true)), List.of()));
        assertTrue(e.getMessage().startsWith("caio: several providers are named 'fast': "), e.getMessage());
        assertEquals(2, e.getMessage().split("\\(file:").length - 1, "both locations are listed: " + e.getMessage());
    }

    @Test
    void invalidNamesAreSkippedWithAReason() {
        ProviderRegistry r = ProviderRegistry.of(List.of(provider("Bad Name", 1, true), provider("ok-1", 1, true)),
                List.of());
        assertEquals(List.of("ok-1"), r.names());
        assertTrue(r.problems().get(0).contains("'Bad Name' does not match [a-z0-9-]+"), r.problems().toString());
    }

    @Test
    void builtInNamesAreReservedForCaiosOwnClasses() {
        ProviderRegistry r = ProviderRegistry.of(List.of(new SquattingProvider("linux"),
                new SquattingProvider("linux-turbo")), List.of());
        assertNull(r.get("linux"));
        assertEquals(List.of("linux-turbo"), r.names());
        assertTrue(r.problems().get(0).contains("reserved for caio's own linux backend"), r.problems().toString());
    }

    @Test
    void priorityOrderBreaksTiesByName() {
        ProviderRegistry r = ProviderRegistry.of(List.of(provider("b", 1, true), provider("a", 1, true),
                provider("c", 9, true)), List.of());
        assertEquals(List.of("c", "a", "b"), r.byPriority().stream().map(p -> p.name()).toList());
    }

    @Test
    void discoveryWithoutBackendsOnTheClassPathFindsNothingAndDoesNotThrow() {
        assertTrue(ProviderRegistry.discover().names().isEmpty());
    }
}
