package dev.caio.uring;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.caio.AsyncFileContext;
import dev.caio.spi.AsyncFileContextProvider;
import dev.caio.tck.AsyncFileContextTck;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/**
 * The full TCK with {@code registeredBuffers=1}: heap data goes through the registered arena and
 * {@code READ_FIXED}/{@code WRITE_FIXED}, bigger operations through the library's own staging.
 */
class IoUringRegisteredBuffersTckTest extends AsyncFileContextTck {
    private static final Map<String, String> OPTIONS = Map.of("registeredBuffers", "1");

    @BeforeAll
    static void available() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "the uring backend needs Linux");
        assertTrue(IoUring.isAvailable(), () -> "uring backend unavailable: " + IoUring.unavailabilityCause());
        try (IoUringContext ctx = (IoUringContext) new IoUringProvider().create(8, OPTIONS)) {
            // Otherwise this class would silently repeat IoUringTckTest.
            assertTrue(ctx.features().contains("reg_buffers=on("), ctx.features());
        }
    }

    @Override
    protected AsyncFileContextProvider provider() {
        return new WithOptions(new IoUringProvider(), OPTIONS);
    }

    /** The provider with fixed options for every context the TCK creates. */
    private record WithOptions(IoUringProvider delegate, Map<String, String> options)
            implements AsyncFileContextProvider {
        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public int priority() {
            return delegate.priority();
        }

        @Override
        public boolean isAvailable() {
            return delegate.isAvailable();
        }

        @Override
        public Throwable unavailabilityCause() {
            return delegate.unavailabilityCause();
        }

        @Override
        public AsyncFileContext create(int maxRequests) {
            return delegate.create(maxRequests, options);
        }

        @Override
        public AsyncFileContext create(int maxRequests, Map<String, String> more) {
            Map<String, String> all = new java.util.HashMap<>(options);
            all.putAll(more);
            return delegate.create(maxRequests, all);
        }
    }
}
