package dev.caio.uring;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/**
 * The full TCK with {@code registeredBuffers=1}: heap data goes through the registered arena and
 * {@code READ_FIXED}/{@code WRITE_FIXED}, bigger operations through the library's own staging.
 */
class IoUringRegisteredBuffersTckTest extends ConfiguredIoUringTck {
    private static final Map<String, String> OPTIONS = Map.of("registeredBuffers", "1");

    IoUringRegisteredBuffersTckTest() {
        super(OPTIONS);
    }

    @BeforeAll
    static void available() {
        assumeMode(OPTIONS, "reg_buffers=on(");
    }
}
