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
 * ({@link BatchRules}). Each test's display name is the rule's id and sentence. Every wait is bounded by
 * {@code CAIO_TCK_TIMEOUT_MILLIS} (default 30 seconds), so a lost completion fails a rule instead of hanging the
 * build. Tests use real files in JUnit temporary directories (or under {@link #fileSystemRoot()}).
 *
 * <p><b>Required and optional rules.</b> A rule named {@code required_r<group>_<n>_...} checks what the
 * {@link dev.caio.AsyncFileContext} contract promises of every backend; a backend must pass all of them. A rule
 * named {@code optional_r<group>_<n>_...} checks a behaviour the contract leaves to the backend ("where the backend
 * can"), named by a {@link dev.caio.spi.Capability}: it runs only when the provider declares that capability in
 * {@link AsyncFileContextProvider#capabilities()}, and is otherwise skipped with a message naming the capability, as
 * the Reactive Streams TCK skips its optional rules. Declare exactly what the backend does in every context: a
 * declared capability the backend lacks fails its rules, and one left out is never checked. Today there is one,
 * {@link dev.caio.spi.Capability#CANCEL_IN_FLIGHT} (rule r4.6). A required rule may also be skipped when its subject
 * cannot arise here, always with the reason: a platform without {@code mkfifo} (r6.7), a JDK that hides a
 * directory's descriptor (r6.8), or a backend that had queued nothing to cancel (r4.1, which a backend built on
 * {@link dev.caio.spi.AbstractAsyncFileContext} never is, inline completion or not).
 *
 * <p><b>Failure messages.</b> Every failure, whichever assertion or exception caused it, reads
 * {@code <rule id> <rule sentence> — <detail>}, for example {@code r4.1 an operation cancelled while queued never
 * runs: its bytes never reach the file — cancelled queued write 1000 ran: its bytes are in the file ==> ...}; a
 * parameterized rule adds its case in brackets after the sentence ({@code r3.4 ... [maxRequests=1] — ...}). An
 * exception thrown by the backend is reported as a failure whose detail is {@code threw <exception>}, with the
 * exception as its cause.
 *
 * @since 0.1
 */
public abstract class AsyncFileContextTck implements ReadWriteRules, BufferRules, ConcurrencyRules, CancellationRules,
        CloseRules, ErrorRules, FileKindRules, SyncRules, BatchRules {

    /** For subclasses. */
    protected AsyncFileContextTck() {
    }

    /**
     * The provider under test; called once per rule, so it may return a new instance or a shared one.
     *
     * @return the provider whose contexts the rules create, use and close
     */
    protected abstract AsyncFileContextProvider provider();

    @Override
    public final AsyncFileContextProvider providerUnderTest() {
        return provider();
    }

    /** r0.1 the provider is available, has a valid name, and creates contexts reporting that name. */
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
