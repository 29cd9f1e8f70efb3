package dev.caio.linux;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.caio.spi.AsyncFileContextProvider;
import dev.caio.tck.AsyncFileContextTck;
import org.junit.jupiter.api.BeforeAll;

/** The linux backend under the full TCK on a file on disk (the JUnit temp dir), with the real native library. */
class LinuxAioTckTest extends AsyncFileContextTck {
    @BeforeAll
    static void available() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "the linux backend needs Linux");
        assertTrue(LinuxAioProvider.BACKEND.isAvailable(),
                () -> "linux backend unavailable: " + LinuxAioProvider.BACKEND.unavailabilityCause());
    }

    @Override
    protected AsyncFileContextProvider provider() {
        return new LinuxAioProvider();
    }
}
