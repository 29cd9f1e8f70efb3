package dev.caio.uring;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.caio.spi.AsyncFileContextProvider;
import dev.caio.tck.AsyncFileContextTck;
import org.junit.jupiter.api.BeforeAll;

/** The uring backend under the full TCK, with the real native library and a real ring. */
class IoUringTckTest extends AsyncFileContextTck {
    @BeforeAll
    static void available() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "the uring backend needs Linux");
        assertTrue(IoUringProvider.BACKEND.isAvailable(),
                () -> "uring backend unavailable: " + IoUringProvider.BACKEND.unavailabilityCause());
    }

    @Override
    protected AsyncFileContextProvider provider() {
        return new IoUringProvider();
    }
}
