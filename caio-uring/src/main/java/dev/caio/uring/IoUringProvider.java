package dev.caio.uring;

import com.google.auto.service.AutoService;
import dev.caio.AsyncFileContext;
import dev.caio.spi.AsyncFileContextProvider;
import dev.caio.spi.BackendOptions;
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
 * a batch of 8 or more page-cache operations is copied on two cores (io_uring copies a cached read inside
 * {@code io_uring_enter}, one ring at a time). Not used with {@code sqpoll}.</li>
 * <li>{@code chunk} ({@code 0}-{@code 16}, default 0): how many queued operations of a shared batch each thread
 * moves into its ring per {@code io_uring_enter}: few keep the two cores' shares even, many save system calls.
 * 0 times a system call once per process and picks 16 where it costs 400 ns or more, else 3;
 * {@code features()} ends with the choice, such as {@code chunk=16(syscall 920ns)}.</li>
 * </ul>
 *
 * @since 0.1
 */
@AutoService(AsyncFileContextProvider.class)
public final class IoUringProvider implements AsyncFileContextProvider {
    /** The implementation name. */
    public static final String NAME = "uring";

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

    @Override
    public boolean isAvailable() {
        return IoUring.isAvailable();
    }

    @Override
    public Throwable unavailabilityCause() {
        return IoUring.unavailabilityCause();
    }

    @Override
    public AsyncFileContext create(int maxRequests) {
        return create(maxRequests, Map.of());
    }

    @Override
    public AsyncFileContext create(int maxRequests, Map<String, String> options) {
        BackendOptions o = new BackendOptions(NAME, options, Set.of("sqpoll", "registeredBuffers", "helperRing",
                "chunk"));
        int sqpoll = o.intValue("sqpoll", "caio.uring.sqpoll", 0, 0, 1);
        int registeredBuffers = o.intValue("registeredBuffers", "caio.uring.registeredBuffers", 0, 0, 1);
        int helperRing = o.intValue("helperRing", "caio.uring.helperRing", 1, 0, 1);
        int chunk = o.intValue("chunk", "caio.uring.chunk", 0, 0, 16);
        dev.caio.spi.AbstractAsyncFileContext.checkMaxRequests(maxRequests); // before options or native memory
        return new IoUringContext(maxRequests, (sqpoll == 1 ? IoUringNative.OPTION_SQPOLL : 0)
                | (registeredBuffers == 1 ? IoUringNative.OPTION_REGISTERED_BUFFERS : 0)
                | (helperRing == 0 ? IoUringNative.OPTION_NO_HELPER_RING : 0)
                | chunk << IoUringNative.OPTION_CHUNK_SHIFT);
    }
}
