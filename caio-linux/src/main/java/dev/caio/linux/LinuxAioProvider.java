package dev.caio.linux;

import com.google.auto.service.AutoService;
import dev.caio.AsyncFileContext;
import dev.caio.internal.natives.NativeBackend;
import dev.caio.spi.AsyncFileContextProvider;
import dev.caio.spi.Capability;
import dev.caio.spi.BackendOptions;
import dev.caio.spi.Errno;
import java.util.Map;
import java.util.Set;

/**
 * Provides the {@code linux} implementation: Linux native AIO, priority 300. Unavailable (with the reason in
 * {@code caio info}) on kernels before 4.18, where {@code io_setup} is not implemented or blocked, and when
 * {@code fs.aio-max-nr} is exhausted; selection then falls back to {@code thread}. No options.
 *
 * <p>Each context is one kernel AIO context ({@code io_setup(maxRequests)}) and an eventfd; batches go to the kernel in
 * one {@code io_submit}, completions come back in batches on {@code caio-linux-completion-<n>}, where the futures
 * complete. On buffered files {@code io_submit} copies page-cache data inline, so it behaves synchronously; native AIO
 * pays off with {@code O_DIRECT} (see {@link dev.caio.DirectFile}). An {@code fsync} the kernel cannot do through AIO
 * runs as {@code fsync(2)} on a helper thread of the engine. {@code close()} destroys the kernel context, so
 * {@code fs.aio-max-nr} is given back.
 *
 * <p>Availability is probed honestly, on first use: load the library, check its version, ask the kernel (version
 * 4.18+ for AIO fsync, {@code io_setup} not refused with {@code ENOSYS}, {@code EAGAIN} or {@code EPERM}), then write
 * and read back 4 KiB through a real context. The outcome is kept, except that a resource shortage (descriptors,
 * memory, {@code fs.aio-max-nr} exhausted) is probed again on next use. Thread-safe.
 *
 * @since 0.1
 */
@AutoService(AsyncFileContextProvider.class)
public final class LinuxAioProvider implements AsyncFileContextProvider {
    /** The implementation name. */
    public static final String NAME = "linux";

    /** Test seam: an errno that io_setup pretends to fail with, to exercise the fallback in a child JVM. */
    static final String TEST_SETUP_ERRNO = "caio.linux.test.setupErrno";

    /** The backend, shared by every instance of this provider: availability is probed once per JVM. */
    static final NativeBackend BACKEND = new NativeBackend(NAME,
            new NativeBackend.Library("caio_linux", LinuxAioNative.class, LinuxAioNative::version,
                    LinuxAioNative::bind),
            new NativeBackend.KernelProbe(TEST_SETUP_ERRNO, LinuxAioNative::injectSetupFailure, LinuxAioNative::probe,
                    // The C probe reports an exhausted fs.aio-max-nr (EAGAIN) in words only; the errno makes it
                    // retried.
                    refusal -> refusal.startsWith("fs.aio-max-nr exhausted")
                            ? Errno.exception(Errno.EAGAIN, "io_setup") : null),
            0);

    /** Creates the provider; does no work (probing happens in {@link #isAvailable()}). */
    public LinuxAioProvider() {
    }

    /**
     * The implementation's name.
     *
     * @return {@code "linux"}
     */
    @Override
    public String name() {
        return NAME;
    }

    /**
     * The priority of automatic selection: below {@code uring} (400), above {@code thread} (200).
     *
     * @return 300
     */
    @Override
    public int priority() {
        return 300;
    }

    /**
     * Probes on first use: the library, the kernel and a self-test. Never throws; thread-safe.
     *
     * @return true if contexts can be created here
     */
    @Override
    public boolean isAvailable() {
        return BACKEND.isAvailable();
    }

    /**
     * Why not (the last probe's outcome), with the fix; probes on first use. Never throws; thread-safe.
     *
     * @return the probe's failure, or null when available
     */
    @Override
    public Throwable unavailabilityCause() {
        return BACKEND.unavailabilityCause();
    }

    /**
     * The library's allocator count. Never throws; thread-safe.
     *
     * @return the bytes of native memory the library holds now, or -1 until the library is loaded
     */
    @Override
    public long nativeMemoryInUse() {
        return BACKEND.nativeMemoryInUse();
    }

    /**
     * {@link Capability#CANCEL_IN_FLIGHT}: an operation cancelled while it waits in the engine's own queues (for
     * kernel room, or for the fsync helper) is taken out and never submitted; one already in the kernel gets
     * {@code io_cancel}, which file I/O usually refuses, and then runs to its end.
     *
     * @return {@link Capability#CANCEL_IN_FLIGHT}
     */
    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.CANCEL_IN_FLIGHT);
    }

    /**
     * A context with no options, as {@link #create(int, Map)} creates it.
     *
     * @param maxRequests the number of requests in the kernel at once, in
     *        {@code [1, }{@link AsyncFileContext#MAX_REQUESTS_LIMIT}{@code ]}
     * @return a new open context; the caller owns it and must close it
     */
    @Override
    public AsyncFileContext create(int maxRequests) {
        return create(maxRequests, Map.of());
    }

    /**
     * A context; this backend takes no options. Thread-safe.
     *
     * @param maxRequests the number of requests in the kernel at once ({@code io_setup(maxRequests)}), in
     *        {@code [1, }{@link AsyncFileContext#MAX_REQUESTS_LIMIT}{@code ]}
     * @param options must be empty
     * @return a new open context; the caller owns it and must close it, which gives back its {@code fs.aio-max-nr}
     *         share
     * @throws IllegalArgumentException for a bad {@code maxRequests} or any option
     * @throws IllegalStateException if the backend is unavailable
     * @throws java.io.UncheckedIOException if {@code io_setup} is refused ({@code EAGAIN}: {@code fs.aio-max-nr}
     *         exhausted, named with the sysctl that raises it)
     */
    @Override
    public AsyncFileContext create(int maxRequests, Map<String, String> options) {
        new BackendOptions(NAME, options, Set.of());
        dev.caio.spi.AbstractAsyncFileContext.checkMaxRequests(maxRequests); // before options or native memory
        return BACKEND.createContext(maxRequests, true, 0);
    }
}
