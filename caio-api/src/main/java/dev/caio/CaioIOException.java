package dev.caio;

import java.io.IOException;

/**
 * The one failure type of caio operations: an {@link IOException} carrying the {@code errno} the kernel (or the JDK
 * call standing in for it) reported, and its symbolic name, which also appears in the message:
 * {@code "read failed: EBADF (Bad file descriptor)"}. Futures complete exceptionally with it; it is never thrown
 * from a submitting call.
 *
 * @since 0.1
 */
public class CaioIOException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int errno;
    private final String errnoName;

    /**
     * @param errno the positive Linux errno value, or 0 if the failure has none
     * @param errnoName its symbolic name such as {@code "EBADF"} (or {@code "UNKNOWN"})
     * @param message the full message
     * @param cause the underlying exception, or null
     */
    public CaioIOException(int errno, String errnoName, String message, Throwable cause) {
        super(message, cause);
        this.errno = errno;
        this.errnoName = errnoName;
    }

    /** The positive Linux errno value, or 0 if the failure has none. */
    public int errno() {
        return errno;
    }

    /** The errno's symbolic name, such as {@code "ENOSPC"}. */
    public String errnoName() {
        return errnoName;
    }
}
