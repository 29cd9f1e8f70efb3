package dev.caio.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caio.spi.AsyncFileContextProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The caio technology compatibility kit: every rule of the {@link dev.caio.AsyncFileContext} contract as a JUnit 5
 * test. A backend author subclasses it in test scope and implements one method:
 *
 * <pre>{@code
 * class MyBackendTckTest extends AsyncFileContextTck {
 *     @Override
 *     protected AsyncFileContextProvider provider() {
 *         return new MyBackendProvider();
 *     }
 * }
 * }</pre>
 *
 * <p>Rules are grouped by number: r0 the provider, r1 reads and writes ({@link ReadWriteRules}), r2 buffers
 * ({@link BufferRules}), r3 concurrency and admission ({@link ConcurrencyRules}), r4 cancellation
 * ({@link CancellationRules}), r5 close ({@link CloseRules}), r6 errors ({@link ErrorRules}, and
 * {@link FileKindRules} for pipes and directories), r7 syncs ({@link SyncRules}), r8 the batch API
 * ({@link BatchRules}). Each test is named {@code required_r<group>_<n>_...}
 * and its display name is the rule's sentence. Every wait is bounded by {@code CAIO_TCK_TIMEOUT_MILLIS} (default 30
 * seconds), so a lost completion fails a rule instead of hanging the build. Tests use real files in JUnit temporary
 * directories.
 *
 * @since 0.1
 */
public abstract class AsyncFileContextTck implements ReadWriteRules, BufferRules, ConcurrencyRules, CancellationRules,
        CloseRules, ErrorRules, FileKindRules, SyncRules, BatchRules {

    /** For subclasses. */
    protected AsyncFileContextTck() {
    }

    /** The provider under test; called once per rule, so it may return a new instance or a shared one. */
    protected abstract AsyncFileContextProvider provider();

    @Override
    public final AsyncFileContextProvider providerUnderTest() {
        return provider();
    }

    @Test
    @DisplayName("r0.1 the provider is available, has a valid name, and creates contexts reporting that name")
    public void required_r0_1_providerDescribesItself() {
        AsyncFileContextProvider p = provider();
        assertTrue(p.isAvailable(), () -> "provider unavailable: " + p.unavailabilityCause());
        assertEquals(null, p.unavailabilityCause(), "an available provider has no unavailability cause");
        assertTrue(p.name().matches("[a-z0-9-]+"), "name matches [a-z0-9-]+: " + p.name());
        try (var ctx = p.create(7)) {
            assertEquals(p.name(), ctx.implementation());
            assertEquals(7, ctx.maxRequests());
        }
    }
}
