package dev.caio.thread;

import com.google.auto.service.AutoService;
import dev.caio.AsyncFileContext;
import dev.caio.internal.natives.NativeBackend;
import dev.caio.spi.AsyncFileContextProvider;
import dev.caio.spi.Capability;
import java.util.Map;
import java.util.Set;

/**
 * Provides the {@code thread} implementation: a C pool of POSIX threads over pread/pwrite, priority 200. Option
 * {@code poolSize}: the most threads the pool grows to (default: the {@code caio.thread.poolSize} system property,
 * else {@code maxRequests}, at most 1024). Option {@code inlineReads} ({@code 1}/{@code 0}; default the
 * {@code caio.thread.inlineReads} property, else 1): serve page-cache reads ({@code preadv2(RWF_NOWAIT)}) and buffered
 * writes (a copy into the page cache) on the submitting and completion threads instead of handing each to a pool
 * thread; set 0 to keep every copy off the submitting thread.
 *
 * <p>Each context runs one POSIX thread per core (at most {@code poolSize}) for page-cache copies and buffered writes,
 * and starts another, up to {@code poolSize}, whenever work that waits for the device ({@code O_DIRECT}, syncs, a
 * read that missed the cache) is queued with no thread free to take it, as io_uring's own worker pool does; a thread
 * above one per core that idles 5 s leaves. Futures complete on one Java thread per context,
 * {@code caio-thread-completion-<n>}, which takes completions from C in batches, or, with {@code inlineReads}, on the
 * submitting or completion thread that served a page-cache read or buffered write. Reads that would block, syncs and
 * all {@code O_DIRECT} I/O run on the pool. A queued operation that is cancelled is removed from the C queue; one a pool
 * thread already runs finishes into memory the library still owns (its staging buffer or the caller's direct buffer,
 * kept reachable until then).
 *
 * <p>Availability: the library loads, reports this build's version, and a real pool writes and reads back 4 KiB of a
 * temp file; probed on first use, again after a resource shortage. Thread-safe.
 *
 * @since 0.1
 */
@AutoService(AsyncFileContextProvider.class)
public final class ThreadPoolProvider implements AsyncFileContextProvider {
    /** The implementation name. */
    public static final String NAME = "thread";

    /** The backend, shared by every instance of this provider (availability is probed once per JVM). */
    static final NativeBackend BACKEND = new NativeBackend(NAME,
            new NativeBackend.Library("caio_thread", ThreadPoolNative.class, ThreadPoolNative::version,
                    ThreadPoolNative::bind),
            null,
            new ThreadPoolOptions(1, true).nativeOption());

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

    /** Probes on first use: loads the library and runs the self-test. Never throws; thread-safe. */
    @Override
    public boolean isAvailable() {
        return BACKEND.isAvailable();
    }

    /** Why not (the last probe's outcome), or null; probes on first use. Never throws; thread-safe. */
    @Override
    public Throwable unavailabilityCause() {
        return BACKEND.unavailabilityCause();
    }

    /** The library's allocator count; -1 until the library is loaded. Never throws; thread-safe. */
    @Override
    public long nativeMemoryInUse() {
        return BACKEND.nativeMemoryInUse();
    }

    /**
     * {@link Capability#CANCEL_IN_FLIGHT}: an operation cancelled while it waits in the C queue is removed from it and
     * never runs; one a pool thread already runs finishes.
     */
    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.CANCEL_IN_FLIGHT);
    }

    @Override
    public AsyncFileContext create(int maxRequests) {
        return create(maxRequests, Map.of());
    }

    /**
     * A context with the given options; see the class comment. Thread-safe.
     *
     * @throws IllegalArgumentException for a bad {@code maxRequests} or an unknown or malformed option
     * @throws IllegalStateException if the backend is unavailable
     * @throws java.io.UncheckedIOException if the kernel refuses a thread or memory (naming the limit)
     */
    @Override
    public AsyncFileContext create(int maxRequests, Map<String, String> options) {
        dev.caio.spi.AbstractAsyncFileContext.checkMaxRequests(maxRequests); // before options or native memory
        ThreadPoolOptions o = ThreadPoolOptions.of(options, maxRequests);
        return BACKEND.createContext(maxRequests, o.inlineReads(), o.nativeOption());
    }
}
