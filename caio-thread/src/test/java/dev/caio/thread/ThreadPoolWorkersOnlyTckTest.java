package dev.caio.thread;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.caio.spi.AsyncFileContextProvider;
import dev.caio.tck.AsyncFileContextTck;
import dev.caio.tck.ConfiguredProvider;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/** The full TCK with {@code inlineReads=0}: every operation, page-cache reads included, runs on a pool thread. */
class ThreadPoolWorkersOnlyTckTest extends AsyncFileContextTck {
    @BeforeAll
    static void nativeLibraryLoads() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "the thread backend needs Linux");
        assertTrue(ThreadPool.isAvailable(), () -> "thread backend unavailable: " + ThreadPool.unavailabilityCause());
    }

    @Override
    protected AsyncFileContextProvider provider() {
        return new ConfiguredProvider(new ThreadPoolProvider(), Map.of("inlineReads", "0"));
    }
}
