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

    /** The positive Linux errno value, or 0 if the failure has none. @serial */
    private final int errno;
    /** The errno's symbolic name, such as {@code "EBADF"}; {@code "UNKNOWN"} when there is no errno. @serial */
    private final String errnoName;

    /**
     * A failure with an errno. Backends create these through {@code dev.caio.spi.Errno}, which builds the name and
     * the message consistently; the constructor takes the values as they are.
     *
     * @param errno the positive Linux errno value, or 0 if the failure has none
     * @param errnoName its symbolic name such as {@code "EBADF"} ({@code "UNKNOWN"} when {@code errno} is 0)
     * @param message the full message
     * @param cause the underlying exception, or null
     */
    public CaioIOException(int errno, String errnoName, String message, Throwable cause) {
        super(message, cause);
        this.errno = errno;
        this.errnoName = errnoName;
    }

    /**
     * The errno the failed call reported.
     *
     * @return the positive Linux errno value, such as 9 for {@code EBADF}, or 0 if the failure has none
     */
    public int errno() {
        return errno;
    }

    /**
     * The errno's symbolic name.
     *
     * @return a name such as {@code "ENOSPC"}; {@code "E"} and the number for a value without a name, and
     *         {@code "UNKNOWN"} when there is no errno
     */
    public String errnoName() {
        return errnoName;
    }
}
