package dev.caio.internal.natives;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One native backend as its provider sees it: its library, its {@link NativeEngine}, whether it works here and the
 * contexts it creates. Each backend's provider keeps one instance; everything that was the same in every backend
 * lives here.
 *
 * <p>Availability is probed honestly, on first use ({@link #isAvailable()}, {@link #unavailabilityCause()},
 * {@link #ensureAvailable()} or {@link #createContext}), never in the constructor, so that creating a provider does no
 * work: load the library and check its version ({@link NativeLibraryLoader}), ask the kernel when the backend has a
 * {@link KernelProbe}, then write and read back 4 KiB through a real context ({@link SelfTest}). The outcome is kept,
 * except that a failure from a resource shortage is probed again on next use (see {@link NativeAvailability}).
 *
 * <p>Thread-safe: the first probe runs once, callers that race it wait for its outcome.
 */
public final class NativeBackend {
    /**
     * A backend's library and the two natives its own class has for the load handshake.
     *
     * @param name the library as {@link NativeLibraryLoader#load} takes it, such as {@code "caio_uring"}
     * @param owner the backend's natives class: the library is looked up in its jar, and binds to it
     * @param version asks the library for the version compiled into it, before anything else is used
     * @param bind binds the shared engine face ({@code JniEngine}) to the library's code and returns the library's
     *        face; called once its version matched
     */
    public record Library(String name, Class<?> owner, NativeLibraryLoader.VersionQuery version, LongSupplier bind) {
        /**
         * A library; every part is required.
         *
         * @param name the library as {@link NativeLibraryLoader#load} takes it
         * @param owner the backend's natives class
         * @param version asks the library for its version
         * @param bind binds the shared engine face and returns the library's face
         * @throws NullPointerException if any argument is null
         */
        public Library {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(bind, "bind");
        }
    }

    /**
     * A backend's own question to the kernel, asked after its library loaded and before the self-test: io_uring and
     * native AIO can be refused by the kernel (a sysctl, seccomp, a limit) in ways a library load cannot show.
     *
     * @param setupErrnoProperty the test seam: a system property naming an errno that the backend's setup call
     *        pretends to fail with (unset or 0: none), so that a child JVM can exercise the fallback
     * @param injectSetupFailure the native that takes that errno; called before every probe
     * @param refusal asks the kernel: null if the backend works here, else why not and what to do
     * @param causeOf the cause to attach to a refusal, or null: the native probes describe some resource shortages
     *        in words only, and an errno exception as the cause makes the outcome transient, so it is probed again
     */
    public record KernelProbe(String setupErrnoProperty, IntConsumer injectSetupFailure, Supplier<String> refusal,
                              Function<String, Throwable> causeOf) {
        /**
         * A probe; every part is required.
         *
         * @param setupErrnoProperty the system property naming an errno the setup call pretends to fail with
         * @param injectSetupFailure the native that takes that errno
         * @param refusal asks the kernel: null if the backend works here, else why not
         * @param causeOf the cause to attach to a refusal, or null
         * @throws NullPointerException if any argument is null
         */
        public KernelProbe {
            Objects.requireNonNull(setupErrnoProperty, "setupErrnoProperty");
            Objects.requireNonNull(injectSetupFailure, "injectSetupFailure");
            Objects.requireNonNull(refusal, "refusal");
            Objects.requireNonNull(causeOf, "causeOf");
        }
    }

    private final String name;
    private final Library library;
    private final KernelProbe kernelProbe;
    private final int selfTestOption;
    /** Numbers the completion threads of this backend's contexts, self-test contexts included. */
    private final AtomicInteger contextIds = new AtomicInteger();
    private final Object loadLock = new Object();
    /** Null until the library is loaded, checked and bound. */
    private volatile NativeEngine engine;
    /** Null until the first probe; see {@link #availability()}. */
    private volatile NativeAvailability availability;

    /**
     * Describes a backend; does no work (nothing is loaded or probed until first use).
     *
     * @param name the implementation name, as the provider's {@code name()}; it also names the completion threads,
     *        {@code caio-<name>-completion-<n>}
     * @param library the backend's library
     * @param kernelProbe the backend's kernel check, or null when loading and the self-test are enough
     * @param selfTestOption the option word the self-test's context is created with
     * @throws NullPointerException if {@code name} or {@code library} is null
     */
    public NativeBackend(String name, Library library, KernelProbe kernelProbe, int selfTestOption) {
        this.name = Objects.requireNonNull(name, "name");
        this.library = Objects.requireNonNull(library, "library");
        this.kernelProbe = kernelProbe;
        this.selfTestOption = selfTestOption;
    }

    /**
     * The implementation name.
     *
     * @return the name given to the constructor, such as {@code "uring"}
     */
    public String name() {
        return name;
    }

    /**
     * Whether contexts can be created; probes on first use and again after a transient failure. Never throws.
     *
     * @return true if the library loaded, the kernel accepts the backend and the self-test passed
     */
    public boolean isAvailable() {
        return availability().isAvailable();
    }

    /**
     * Why contexts cannot be created; probes on first use.
     *
     * @return the last probe's failure, with the fix where one is known, or null when available
     */
    public Throwable unavailabilityCause() {
        return availability().cause();
    }

    /**
     * Returns if contexts can be created, probing on first use and again after a transient failure.
     *
     * @throws IllegalStateException with the cause when unavailable
     */
    public void ensureAvailable() {
        availability().ensure();
    }

    /**
     * The backend's engine, once its library is loaded, its version checked and the engine face bound to it; later
     * calls return at once. The probe's first step; also for tests that drive the natives directly.
     *
     * @return the engine face bound to this backend's library, the same on every call
     * @throws UnsatisfiedLinkError if the library cannot load here or is not this build's (calling again retries)
     */
    public NativeEngine engine() {
        NativeEngine e = engine;
        if (e != null) {
            return e;
        }
        synchronized (loadLock) {
            if (engine == null) {
                NativeLibraryLoader.load(library.name(), library.owner());
                NativeLibraryLoader.checkVersion(library.name(), library.version());
                // Only now: bind puts this library's code behind every backend's calls.
                engine = new JniEngine(library.name(), library.bind().getAsLong());
            }
            return engine;
        }
    }

    /**
     * Bytes of native memory the library holds now, counted by its allocator: rings, request tables and batch arrays
     * (not thread stacks, not the caller's buffers); back to 0 after every context is closed. -1 when the library is
     * not loaded. Never throws and never loads anything; thread-safe.
     *
     * @return the bytes in use, or -1
     */
    public long nativeMemoryInUse() {
        NativeEngine loaded = engine;
        if (loaded == null) {
            return -1;
        }
        try {
            return loaded.allocated();
        } catch (UnsatisfiedLinkError e) {
            return -1;
        }
    }

    /**
     * A new context, once the backend is known to be available (the check comes first: nothing is created before).
     * Its futures complete on {@code caio-<name>-completion-<n>}, or inline (see {@link NativeContext}).
     *
     * @param maxRequests the number of slots, already checked by the caller
     * @param deliverInline whether submitting threads complete what the engine finished during their submission
     * @param option the backend's option word for {@link NativeEngine#create}
     * @return the new context; the caller owns it and must close it
     * @throws IllegalStateException with the cause when unavailable
     * @throws java.io.UncheckedIOException naming the limit and its fix when the kernel refuses (see
     *         {@link CreationFailure})
     */
    public NativeContext createContext(int maxRequests, boolean deliverInline, int option) {
        ensureAvailable();
        return newContext(maxRequests, deliverInline, option);
    }

    private NativeContext newContext(int maxRequests, boolean deliverInline, int option) {
        return new NativeContext(name, maxRequests, deliverInline, engine(), option,
                "caio-" + name + "-completion-" + contextIds.incrementAndGet());
    }

    /** The availability, probed on first use: a provider's constructor must do no work. */
    private NativeAvailability availability() {
        NativeAvailability a = availability;
        if (a == null) {
            synchronized (this) {
                a = availability;
                if (a == null) {
                    a = NativeAvailability.probe(name, this::probe);
                    availability = a;
                }
            }
        }
        return a;
    }

    /** Load, ask the kernel, self-test; safe to run again after a failure (see {@link NativeAvailability.Probe}). */
    private void probe() throws Exception {
        engine();
        if (kernelProbe != null) {
            kernelProbe.injectSetupFailure().accept(Integer.getInteger(kernelProbe.setupErrnoProperty(), 0));
            String refusal = kernelProbe.refusal().get();
            if (refusal != null) {
                throw new UnsupportedOperationException(refusal, kernelProbe.causeOf().apply(refusal));
            }
        }
        // Not through createContext: that would wait for this very probe.
        SelfTest.writeReadBack(newContext(2, true, selfTestOption));
    }

    @Override
    public String toString() {
        NativeAvailability a = availability;
        return a == null ? name + ": not probed yet" : a.toString();
    }
}
