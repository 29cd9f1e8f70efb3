package dev.caio.uring;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.caio.internal.natives.NativeContext;
import dev.caio.spi.AsyncFileContextProvider;
import dev.caio.tck.AsyncFileContextTck;
import dev.caio.tck.ConfiguredProvider;
import java.util.Map;

/** The full TCK against {@code uring} contexts created with backend options. */
abstract class ConfiguredIoUringTck extends AsyncFileContextTck {
    private final Map<String, String> options;

    ConfiguredIoUringTck(Map<String, String> options) {
        this.options = options;
    }

    /**
     * For a subclass's {@code @BeforeAll}: io_uring works here, and a context with {@code options} really runs in the
     * mode its ring description names by {@code feature} — otherwise the subclass would silently repeat
     * IoUringTckTest.
     */
    static void assumeMode(Map<String, String> options, String feature) {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "the uring backend needs Linux");
        assertTrue(IoUringProvider.BACKEND.isAvailable(),
                () -> "uring backend unavailable: " + IoUringProvider.BACKEND.unavailabilityCause());
        try (NativeContext ctx = (NativeContext) new IoUringProvider().create(8, options)) {
            assertTrue(ctx.features().contains(feature), ctx.features());
        }
    }

    @Override
    protected final AsyncFileContextProvider provider() {
        return new ConfiguredProvider(new IoUringProvider(), options);
    }
}
