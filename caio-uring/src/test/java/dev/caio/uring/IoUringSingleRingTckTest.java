package dev.caio.uring;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.caio.spi.AsyncFileContextProvider;
import dev.caio.tck.AsyncFileContextTck;
import dev.caio.tck.ConfiguredProvider;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/**
 * The full TCK with {@code helperRing=0}: one ring, every batch submitted by the calling thread alone (the default
 * shares batches of 8 or more with the completion thread's helper ring, which IoUringTckTest covers).
 */
class IoUringSingleRingTckTest extends AsyncFileContextTck {
    private static final Map<String, String> OPTIONS = Map.of("helperRing", "0");

    @BeforeAll
    static void available() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "the uring backend needs Linux");
        assertTrue(IoUring.isAvailable(), () -> "uring backend unavailable: " + IoUring.unavailabilityCause());
        try (IoUringContext ctx = (IoUringContext) new IoUringProvider().create(8, OPTIONS)) {
            // Otherwise this class would silently repeat IoUringTckTest.
            assertTrue(ctx.features().contains("helper_ring=off"), ctx.features());
        }
    }

    @Override
    protected AsyncFileContextProvider provider() {
        return new ConfiguredProvider(new IoUringProvider(), OPTIONS);
    }
}
