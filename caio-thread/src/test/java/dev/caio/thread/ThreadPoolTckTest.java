package dev.caio.thread;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.caio.spi.AsyncFileContextProvider;
import dev.caio.tck.AsyncFileContextTck;
import org.junit.jupiter.api.BeforeAll;

/** The thread backend under the full TCK, with the real native library, exactly as a third party runs it. */
class ThreadPoolTckTest extends AsyncFileContextTck {
    @BeforeAll
    static void nativeLibraryLoads() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "the thread backend needs Linux");
        // On Linux the build made the library: unavailability is a failure, not a skip.
        assertTrue(ThreadPoolProvider.BACKEND.isAvailable(),
                () -> "thread backend unavailable: " + ThreadPoolProvider.BACKEND.unavailabilityCause());
    }

    @Override
    protected AsyncFileContextProvider provider() {
        return new ThreadPoolProvider();
    }
}
