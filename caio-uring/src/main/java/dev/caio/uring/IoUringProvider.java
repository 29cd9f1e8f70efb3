package dev.caio.uring;

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
 * Provides the {@code uring} implementation: io_uring, priority 400 (the preferred default where the kernel allows).
 * Each option also reads a system property, {@code caio.uring.<option>}, when not given:
 * <ul>
 * <li>{@code sqpoll} ({@code 0}/{@code 1}, default 0): a kernel thread polls the submission queue. It takes a core
 * from the application; where the kernel does not permit it, the context runs without it.</li>
 * <li>{@code registeredBuffers} ({@code 0}/{@code 1}, default 0): heap arrays and heap buffers are staged in one
 * arena registered with the kernel ({@code IORING_REGISTER_BUFFERS}) and transferred with
 * {@code READ_FIXED}/{@code WRITE_FIXED}; without it when registration is refused (for example by
 * {@code RLIMIT_MEMLOCK}). The caller's own direct buffers are never registered.</li>
 * <li>{@code helperRing} ({@code 0}/{@code 1}, default 1): the completion thread submits through a second ring, so
 * a batch of 8 or more page-cache operations is copied on two cores where there are two (io_uring copies a cached
 * read inside {@code io_uring_enter}, one ring at a time). Not used with {@code sqpoll}.</li>
 * <li>{@code chunk} ({@code 0}-{@code 16}, default 0): how many queued operations of a shared batch each thread
 * moves into its ring per {@code io_uring_enter}: few keep the two cores' shares even, many save system calls.
 * 0 follows the native engines' sharing policy, which weighs the cost of a system call against that of a page copy,
 * both measured once per process, for each batch; the context's {@code toString()} ends with
 * {@code chunk=policy(syscall <ns>ns copy <ns>ns)}, or {@code chunk=<n>} when set.</li>
 * </ul>
 *
 * <p>Each context is one ring sized from {@code maxRequests} (completion queue twice as deep, so it cannot overflow);
 * a batch of operations becomes SQEs and one {@code io_uring_enter}, completions are announced by an eventfd and
 * reaped in batches on {@code caio-uring-completion-<n>}, where the futures complete. Cancelling an operation in
 * flight submits {@code IORING_OP_ASYNC_CANCEL}; its buffer stays owned by the library until the kernel's completion
 * arrives. With {@code registeredBuffers}, heap data is staged in the registered arena, one page-aligned share per
 * slot; an operation bigger than a share, or in a slot beyond the arena, uses the library's own staging buffer and a
 * plain op. What the ring runs with is in the context's {@code toString()}.
 *
 * <p>Availability is probed honestly, on first use, by creating a real ring: the {@code kernel.io_uring_disabled}
 * sysctl, {@code ENOSYS}, {@code EPERM} from seccomp, {@code ENOMEM} from {@code RLIMIT_MEMLOCK}, and the opcodes this
 * backend needs ({@code IORING_REGISTER_PROBE}); each reason comes with its fix. Then 4 KiB are written and read back
 * through a real context. The outcome is kept, except that a resource shortage ({@code EMFILE}, {@code ENFILE},
 * {@code ENOMEM}, {@code EAGAIN}) is probed again on next use. Thread-safe.
 *
 * @since 0.1
 */
@AutoService(AsyncFileContextProvider.class)
public final class IoUringProvider implements AsyncFileContextProvider {
    /** The implementation name. */
    public static final String NAME = "uring";

    /** Test seam: an errno that io_uring_setup pretends to fail with, to exercise the fallback in a child JVM. */
    static final String TEST_SETUP_ERRNO = "caio.uring.test.setupErrno";

    /** The backend, shared by every instance of this provider (availability is probed once per JVM). */
    static final NativeBackend BACKEND = new NativeBackend(NAME,
            new NativeBackend.Library("caio_uring", IoUringNative.class, IoUringNative::version,
                    IoUringNative::bind),
            new NativeBackend.KernelProbe(TEST_SETUP_ERRNO, IoUringNative::injectSetupFailure, IoUringNative::probe,
                    // The C probe names an ENOMEM ring (RLIMIT_MEMLOCK or the memory cgroup) in words only; the errno
                    // makes it retried, since either limit can be raised while the JVM runs.
                    refusal -> refusal.startsWith("io_uring_setup failed with ENOMEM")
                            ? Errno.exception(Errno.ENOMEM, "io_uring_setup") : null),
            0);

    /** Creates the provider; does no work (probing happens in {@link #isAvailable()}). */
    public IoUringProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 400;
    }

    /** Probes on first use: the library, a real ring and a self-test. Never throws; thread-safe. */
    @Override
    public boolean isAvailable() {
        return BACKEND.isAvailable();
    }

    /** Why not (the last probe's outcome), with the fix, or null; probes on first use. Never throws; thread-safe. */
    @Override
    public Throwable unavailabilityCause() {
        return BACKEND.unavailabilityCause();
    }

    /**
     * The library's allocator count (rings, request tables, the registered arena); -1 until the library is loaded.
     * Never throws; thread-safe.
     */
    @Override
    public long nativeMemoryInUse() {
        return BACKEND.nativeMemoryInUse();
    }

    /**
     * {@link Capability#CANCEL_IN_FLIGHT}: an operation cancelled while it waits in the engine's pending queue never
     * reaches the ring; one in the kernel gets {@code IORING_OP_ASYNC_CANCEL}.
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
     * @throws java.io.UncheckedIOException if the kernel refuses a ring ({@code ENOMEM}: named with
     *         {@code RLIMIT_MEMLOCK} and how to raise it)
     */
    @Override
    public AsyncFileContext create(int maxRequests, Map<String, String> options) {
        BackendOptions o = new BackendOptions(NAME, options, Set.of("sqpoll", "registeredBuffers", "helperRing",
                "chunk"));
        int sqpoll = o.intValue("sqpoll", "caio.uring.sqpoll", 0, 0, 1);
        int registeredBuffers = o.intValue("registeredBuffers", "caio.uring.registeredBuffers", 0, 0, 1);
        int helperRing = o.intValue("helperRing", "caio.uring.helperRing", 1, 0, 1);
        int chunk = o.intValue("chunk", "caio.uring.chunk", 0, 0, 16);
        dev.caio.spi.AbstractAsyncFileContext.checkMaxRequests(maxRequests); // before options or native memory
        return BACKEND.createContext(maxRequests, true, (sqpoll == 1 ? IoUringNative.OPTION_SQPOLL : 0)
                | (registeredBuffers == 1 ? IoUringNative.OPTION_REGISTERED_BUFFERS : 0)
                | (helperRing == 0 ? IoUringNative.OPTION_NO_HELPER_RING : 0)
                | chunk << IoUringNative.OPTION_CHUNK_SHIFT);
    }
}
