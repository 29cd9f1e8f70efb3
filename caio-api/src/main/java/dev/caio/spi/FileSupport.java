package dev.caio.spi;

import java.util.ServiceLoader;

/**
 * The first available {@link DirectFileSupport} on the class or module path, looked up once: what
 * {@link dev.caio.DirectFile} and the channels of {@code caio-nio} ask native code for. Thread-safe.
 *
 * @since 0.1
 */
public final class FileSupport {
    private static final Object FOUND = find();

    private FileSupport() {
    }

    private static Object find() {
        Throwable why = null;
        for (DirectFileSupport s : ServiceLoader.load(DirectFileSupport.class, FileSupport.class.getClassLoader())) {
            if (s.isAvailable()) {
                return s;
            }
            why = s.unavailabilityCause();
        }
        return new UnsupportedOperationException("this needs a caio native library (caio-uring, caio-linux or "
                + "caio-thread) on the class or module path" + (why == null ? "" : ": " + why), why);
    }

    /**
     * The support, found once when this class initialized.
     *
     * @return the first available {@link DirectFileSupport}, shared by every caller
     * @throws UnsupportedOperationException when no caio native library can load here (the cause says why)
     */
    public static DirectFileSupport get() {
        if (FOUND instanceof DirectFileSupport s) {
            return s;
        }
        UnsupportedOperationException e = (UnsupportedOperationException) FOUND;
        throw new UnsupportedOperationException(e.getMessage(), e.getCause());
    }
}
