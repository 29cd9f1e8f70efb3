package dev.caio.thread;

import com.google.auto.service.AutoService;
import dev.caio.AsyncFileContext;
import dev.caio.spi.AsyncFileContextProvider;
import java.util.Map;

/**
 * Provides the {@code thread} implementation: a C pool of POSIX threads over pread/pwrite, priority 200. Option
 * {@code poolSize} (default: the {@code caio.thread.poolSize} system property, else the number of cores, at
 * least 2 and at most 8). Option {@code inlineReads} ({@code 1}/{@code 0}; default the
 * {@code caio.thread.inlineReads} property, else 1): serve page-cache reads on the submitting and completion threads
 * with {@code preadv2(RWF_NOWAIT)} instead of handing each to a pool thread; set 0 to keep every copy off the
 * submitting thread.
 *
 * @since 0.1
 */
@AutoService(AsyncFileContextProvider.class)
public final class ThreadPoolProvider implements AsyncFileContextProvider {
    /** The implementation name. */
    public static final String NAME = "thread";

    /** Creates the provider; does no work (probing happens in {@link #isAvailable()}). */
    public ThreadPoolProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 200;
    }

    @Override
    public boolean isAvailable() {
        return ThreadPool.isAvailable();
    }

    @Override
    public Throwable unavailabilityCause() {
        return ThreadPool.unavailabilityCause();
    }

    @Override
    public AsyncFileContext create(int maxRequests) {
        return create(maxRequests, Map.of());
    }

    @Override
    public AsyncFileContext create(int maxRequests, Map<String, String> options) {
        dev.caio.spi.AbstractAsyncFileContext.checkMaxRequests(maxRequests); // before options or native memory
        return new ThreadPoolContext(maxRequests, ThreadPoolOptions.of(options));
    }
}
