package dev.caio.internal.natives;

/**
 * The availability of a native backend, probed once (Netty's {@code Epoll.isAvailable()} pattern): loading the library,
 * checking its version and making a real kernel call. Never throws; the cause says why and what to do.
 */
public final class NativeAvailability {
    /** A probe: returns normally when the backend works here. */
    @FunctionalInterface
    public interface Probe {
        void run() throws Throwable;
    }

    private final String backend;
    private final Throwable cause;

    private NativeAvailability(String backend, Throwable cause) {
        this.backend = backend;
        this.cause = cause;
    }

    /** Runs {@code probe} (unless {@code -Dcaio.noNative=true}) and records the outcome. */
    public static NativeAvailability probe(String backend, Probe probe) {
        if (Boolean.getBoolean(NativeLibraryLoader.NO_NATIVE_PROPERTY)) {
            return new NativeAvailability(backend, new UnsupportedOperationException(
                    backend + " backend unavailable: native backends are disabled by -D"
                            + NativeLibraryLoader.NO_NATIVE_PROPERTY + "=true"));
        }
        try {
            probe.run();
            return new NativeAvailability(backend, null);
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError v && !(t instanceof OutOfMemoryError)) {
                throw v;
            }
            String m = t.getMessage() == null ? t.toString() : t.getMessage();
            return new NativeAvailability(backend, new UnsupportedOperationException(
                    backend + " backend unavailable: " + m, t));
        }
    }

    public boolean isAvailable() {
        return cause == null;
    }

    /** Why not, or null. */
    public Throwable cause() {
        return cause;
    }

    /** @throws IllegalStateException with the cause when unavailable */
    public void ensure() {
        if (cause != null) {
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }

    @Override
    public String toString() {
        return backend + (cause == null ? ": available" : ": " + cause.getMessage());
    }
}
