package dev.caio.thread;

import dev.caio.spi.AsyncFileContextProvider;
import dev.caio.tck.ConfiguredProvider;
import java.util.Map;

/** The full TCK with {@code inlineReads=0}: every operation, page-cache reads included, runs on a pool thread. */
class ThreadPoolWorkersOnlyTckTest extends ThreadPoolTckTest {
    @Override
    protected AsyncFileContextProvider provider() {
        return new ConfiguredProvider(new ThreadPoolProvider(), Map.of("inlineReads", "0"));
    }
}
