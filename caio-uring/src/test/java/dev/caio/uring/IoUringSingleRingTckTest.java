package dev.caio.uring;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/**
 * The full TCK with {@code helperRing=0}: one ring, every batch submitted by the calling thread alone (the default
 * shares batches of 8 or more with the completion thread's helper ring, which IoUringTckTest covers).
 */
class IoUringSingleRingTckTest extends ConfiguredIoUringTck {
    private static final Map<String, String> OPTIONS = Map.of("helperRing", "0");

    IoUringSingleRingTckTest() {
        super(OPTIONS);
    }

    @BeforeAll
    static void available() {
        assumeMode(OPTIONS, "helper_ring=off");
    }
}
