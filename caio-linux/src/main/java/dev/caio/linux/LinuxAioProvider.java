package dev.caio.linux;

import com.google.auto.service.AutoService;
import dev.caio.AsyncFileContext;
import dev.caio.spi.AsyncFileContextProvider;
import dev.caio.spi.BackendOptions;
import java.util.Map;
import java.util.Set;

/**
 * Provides the {@code linux} implementation: Linux native AIO, priority 300. Unavailable (with the reason in
 * {@code caio info}) on kernels before 4.18, where {@code io_setup} is not implemented or blocked, and when
 * {@code fs.aio-max-nr} is exhausted; selection then falls back to {@code thread}. No options.
 *
 * @since 0.1
 */
@AutoService(AsyncFileContextProvider.class)
public final class LinuxAioProvider implements AsyncFileContextProvider {
    /** The implementation name. */
    public static final String NAME = "linux";

    /** Creates the provider; does no work (probing happens in {@link #isAvailable()}). */
    public LinuxAioProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 300;
    }

    @Override
    public boolean isAvailable() {
        return LinuxAio.isAvailable();
    }

    @Override
    public Throwable unavailabilityCause() {
        return LinuxAio.unavailabilityCause();
    }

    @Override
    public AsyncFileContext create(int maxRequests) {
        return create(maxRequests, Map.of());
    }

    @Override
    public AsyncFileContext create(int maxRequests, Map<String, String> options) {
        new BackendOptions(NAME, options, Set.of());
        dev.caio.spi.AbstractAsyncFileContext.checkMaxRequests(maxRequests); // before options or native memory
        return new LinuxAioContext(maxRequests);
    }
}
