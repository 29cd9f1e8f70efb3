package dev.caio.uring;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.caio.spi.AsyncFileContextProvider;
import dev.caio.tck.AsyncFileContextTck;
import dev.caio.tck.ConfiguredProvider;
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
        return new ConfiguredProvider(new IoUringProvider(), OPTIONS);
    }
}
