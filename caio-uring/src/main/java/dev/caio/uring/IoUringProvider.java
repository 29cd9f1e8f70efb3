package dev.caio.uring;

import com.google.auto.service.AutoService;
import dev.caio.AsyncFileContext;
import dev.caio.spi.AsyncFileContextProvider;
import dev.caio.spi.BackendOptions;
import java.util.Map;
import java.util.Set;

/**
 * Provides the {@code uring} implementation: io_uring, priority 400 (the preferred default where the kernel allows).
 * Option {@code sqpoll} ({@code 0}/{@code 1}; default the {@code caio.uring.sqpoll} system property, else 0): a kernel
 * thread polls the submission queue; off by default because on two cores it competes with the application, and it
 * falls back silently when the kernel does not permit it. Option {@code registeredBuffers} ({@code 0}/{@code 1};
 * default the {@code caio.uring.registeredBuffers} system property, else 0): heap arrays and heap buffers are staged
 * in one arena registered with the kernel ({@code IORING_REGISTER_BUFFERS}) and transferred with
 * {@code READ_FIXED}/{@code WRITE_FIXED}; it falls back silently when registration is refused (for example by
 * {@code RLIMIT_MEMLOCK}). The caller's own direct buffers are never registered. Option {@code helperRing}
 * ({@code 0}/{@code 1}; default the {@code caio.uring.helperRing} system property, else 1): a second ring that the
 * completion thread submits through, so that a batch of 8 or more operations is shared between the submitting
 * thread and the completion thread and page-cache copies run on two cores (io_uring copies a cached read inside
 * {@code io_uring_enter}, one ring at a time); off, everything goes through one ring. Not used with {@code sqpoll}.
 * Option {@code chunk} ({@code 0}-{@code 16}; default the {@code caio.uring.chunk} system property, else 0): how many
 * queued operations of a big batch each of those two threads moves into its ring per {@code io_uring_enter}. Few
 * keep the two cores' shares even, many save system calls; 0 measures what a system call costs on this machine
 * when the context is created (about 0.1 ms, once per process) and picks 16 if it is 400 ns or more (a
 * paravirtualised or heavily mitigated kernel), else 3. {@code features()} ends with the choice, for example
 * {@code chunk=16(syscall 920ns)}.
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
