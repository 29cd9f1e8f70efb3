package dev.caio.spi;

import dev.caio.CaioIOException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.HashMap;
import java.util.Map;

/**
 * Linux errno values, their names and messages, and the mapping to {@link CaioIOException}: the one place where
 * backends turn a negative syscall result (or a JDK {@link IOException}) into the exception users see.
 * The numbers are the asm-generic ones, shared by x86_64 and aarch64.
 *
 * @since 0.1
 */
public final class Errno {
    private static final String[] NAMES = new String[134];
    private static final String[] MESSAGES = new String[134];
    private static final Map<String, Integer> BY_MESSAGE = new HashMap<>();

    /**
     * Not a kernel errno: a native engine reports {@code -MISALIGNED} for an {@code EINVAL} it traced to an
     * {@code O_DIRECT} request whose offset, length or buffer address breaks the device's alignment.
     */
    public static final int MISALIGNED = 4097;

    /** Frequently tested values. */
    public static final int EPERM = 1, ENOENT = 2, EINTR = 4, EIO = 5, EBADF = 9, EAGAIN = 11, ENOMEM = 12,
            EFAULT = 14, EISDIR = 21, EINVAL = 22, ENFILE = 23, EMFILE = 24, EFBIG = 27, ENOSPC = 28, ESPIPE = 29,
            EROFS = 30, ENOSYS = 38, EOPNOTSUPP = 95, EDQUOT = 122, ECANCELED = 125;

    static {
        def(1, "EPERM", "Operation not permitted"); def(2, "ENOENT", "No such file or directory");
        def(3, "ESRCH", "No such process"); def(4, "EINTR", "Interrupted system call");
        def(5, "EIO", "Input/output error"); def(6, "ENXIO", "No such device or address");
        def(7, "E2BIG", "Argument list too long"); def(8, "ENOEXEC", "Exec format error");
        def(9, "EBADF", "Bad file descriptor"); def(10, "ECHILD", "No child processes");
        def(11, "EAGAIN", "Resource temporarily unavailable"); def(12, "ENOMEM", "Cannot allocate memory");
        def(13, "EACCES", "Permission denied"); def(14, "EFAULT", "Bad address");
        def(15, "ENOTBLK", "Block device required"); def(16, "EBUSY", "Device or resource busy");
        def(17, "EEXIST", "File exists"); def(18, "EXDEV", "Invalid cross-device link");
        def(19, "ENODEV", "No such device"); def(20, "ENOTDIR", "Not a directory");
        def(21, "EISDIR", "Is a directory"); def(22, "EINVAL", "Invalid argument");
        def(23, "ENFILE", "Too many open files in system"); def(24, "EMFILE", "Too many open files");
        def(25, "ENOTTY", "Inappropriate ioctl for device"); def(26, "ETXTBSY", "Text file busy");
        def(27, "EFBIG", "File too large"); def(28, "ENOSPC", "No space left on device");
        def(29, "ESPIPE", "Illegal seek"); def(30, "EROFS", "Read-only file system");
        def(31, "EMLINK", "Too many links"); def(32, "EPIPE", "Broken pipe");
        def(33, "EDOM", "Numerical argument out of domain"); def(34, "ERANGE", "Numerical result out of range");
        def(35, "EDEADLK", "Resource deadlock avoided"); def(36, "ENAMETOOLONG", "File name too long");
        def(37, "ENOLCK", "No locks available"); def(38, "ENOSYS", "Function not implemented");
        def(39, "ENOTEMPTY", "Directory not empty"); def(40, "ELOOP", "Too many levels of symbolic links");
        def(61, "ENODATA", "No data available"); def(62, "ETIME", "Timer expired");
        def(75, "EOVERFLOW", "Value too large for defined data type");
        def(95, "EOPNOTSUPP", "Operation not supported"); def(105, "ENOBUFS", "No buffer space available");
        def(110, "ETIMEDOUT", "Connection timed out"); def(116, "ESTALE", "Stale file handle");
        def(121, "EREMOTEIO", "Remote I/O error"); def(122, "EDQUOT", "Disk quota exceeded");
        def(125, "ECANCELED", "Operation canceled");
    }

    private Errno() {
    }

    private static void def(int errno, String name, String message) {
        NAMES[errno] = name;
        MESSAGES[errno] = message;
        BY_MESSAGE.put(message, errno);
    }

    /**
     * The symbolic name of {@code errno} (sign ignored), or {@code "E<number>"} for one without a name here.
     *
     * @param errno the errno, positive or negative
     * @return the name, such as {@code "EBADF"}
     */
    public static String name(int errno) {
        int e = Math.abs(errno);
        return e < NAMES.length && NAMES[e] != null ? NAMES[e] : "E" + e;
    }

    /**
     * The strerror-style message of {@code errno} (sign ignored).
     *
     * @param errno the errno, positive or negative
     * @return glibc's text, such as {@code "Bad file descriptor"}, or {@code "Unknown error <number>"}
     */
    public static String message(int errno) {
        int e = Math.abs(errno);
        return e < MESSAGES.length && MESSAGES[e] != null ? MESSAGES[e] : "Unknown error " + e;
    }

    /**
     * The exception for a failed call: {@code "<what> failed: EBADF (Bad file descriptor)"}.
     *
     * @param errno the errno, positive or negative (the raw syscall return)
     * @param what the operation, such as {@code "read"}
     * @return a new exception carrying the errno and its name, without a cause; {@link #MISALIGNED} becomes
     *         {@code EINVAL} with a message that explains the alignment rule
     */
    public static CaioIOException exception(int errno, String what) {
        int e = Math.abs(errno);
        if (e == MISALIGNED) {
            return new CaioIOException(EINVAL, "EINVAL", what + " failed: EINVAL (misaligned O_DIRECT request: the"
                    + " file offset, the length and the buffer address must all be multiples of the file's direct I/O"
                    + " alignment; allocate buffers at that alignment, as ByteBuffer.alignedSlice does)", null);
        }
        return new CaioIOException(e, name(e), what + " failed: " + name(e) + " (" + message(e) + ")", null);
    }

    /** The errnos of a resource shortage: a process or kernel limit that can pass, unlike a refusal. */
    private static final int[] RESOURCE_SHORTAGES = {EAGAIN, ENOMEM, EMFILE, ENFILE};

    /**
     * Whether {@code errno} (sign ignored) says a resource ran short ({@code EAGAIN}, {@code ENOMEM}, {@code EMFILE},
     * {@code ENFILE}): a limit that may pass, or that another implementation may not share.
     *
     * @param errno the errno, positive or negative
     * @return true for one of the four resource shortages
     */
    public static boolean isResourceShortage(int errno) {
        int e = Math.abs(errno);
        for (int r : RESOURCE_SHORTAGES) {
            if (r == e) {
                return true;
            }
        }
        return false;
    }

    /**
     * The strerror texts of the {@linkplain #isResourceShortage resource shortages}, as JDK exceptions carry them.
     *
     * @return a new array, the caller's to keep
     */
    public static String[] resourceShortageMessages() {
        String[] m = new String[RESOURCE_SHORTAGES.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = message(RESOURCE_SHORTAGES[i]);
        }
        return m;
    }

    /**
     * Maps a JDK I/O exception to a {@link CaioIOException}, recognising the kernel's message in it (the JDK reports
     * failed syscalls with {@code strerror} text), and treating a closed channel as {@code EBADF}.
     *
     * @param e the JDK's exception
     * @param what the operation, such as {@code "read"}, for the message
     * @return {@code e} itself when it already is a {@link CaioIOException}; else a new one with {@code e} as its
     *         cause, carrying the errno recognised in it, or {@code EIO} when none is
     */
    public static CaioIOException fromJdk(IOException e, String what) {
        if (e instanceof CaioIOException c) {
            return c;
        }
        int errno = 0;
        if (e instanceof ClosedChannelException) {
            errno = EBADF;
        } else if (e.getMessage() != null) {
            String m = e.getMessage();
            Integer found = BY_MESSAGE.get(m);
            if (found == null) {
                for (Map.Entry<String, Integer> entry : BY_MESSAGE.entrySet()) {
                    if (m.contains(entry.getKey())) {
                        found = entry.getValue();
                        break;
                    }
                }
            }
            errno = found == null ? 0 : found;
        }
        if (errno == 0) {
            return new CaioIOException(EIO, "EIO", what + " failed: " + e, e);
        }
        return new CaioIOException(errno, name(errno),
                what + " failed: " + name(errno) + " (" + message(errno) + ")", e);
    }
}
