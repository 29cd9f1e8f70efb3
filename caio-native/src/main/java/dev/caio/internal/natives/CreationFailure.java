package dev.caio.internal.natives;

import dev.caio.CaioIOException;
import dev.caio.internal.Diagnostics;
import dev.caio.spi.Errno;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns a native engine's refusal to create a context into the exception users see: an
 * {@link UncheckedIOException} whose cause is a {@link CaioIOException} naming the errno, and whose message, for the
 * limits a host runs into, names the limit, its current value and the command that raises it. The values are read
 * when the failure happens ({@code /proc/sys}, {@code /proc/self/limits}), so they describe this host now.
 */
public final class CreationFailure {
    private CreationFailure() {
    }

    /**
     * The exception for a failed {@code create} of a native engine.
     *
     * @param implementation the backend's name, which starts the message
     * @param maxRequests what the context asked for (the AIO hint says how much room it needs)
     * @param e the JNI face's exception, a {@link CaioIOException} with the errno and the message
     *        {@code "<call> failed: <ERRNO> (<text>)"}
     * @return never null; its cause is a {@link CaioIOException} with the errno (0 if the message has none)
     */
    public static UncheckedIOException of(String implementation, int maxRequests, IOException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        int errno = e instanceof CaioIOException c ? c.errno() : 0;
        String hint = hint(call(message), errno, maxRequests);
        String full = implementation + ": cannot create a context: " + message + (hint == null ? "" : "; " + hint);
        return new UncheckedIOException(full, new CaioIOException(errno, errno == 0 ? "UNKNOWN" : Errno.name(errno),
                full, e));
    }

    /** The failing call of a {@code "<call> failed: ..."} message, or the whole message. */
    static String call(String message) {
        int at = message.lastIndexOf(" failed: ");
        return at < 0 ? message : message.substring(0, at);
    }

    /** The limit behind {@code errno} from {@code call} and how to raise it, or null when it is not a known limit. */
    static String hint(String call, int errno, int maxRequests) {
        if (errno == Errno.EAGAIN && call.equals("io_setup")) {
            return aioHint(maxRequests);
        }
        if (errno == Errno.ENOMEM && (call.equals("io_uring_setup") || call.startsWith("mmap io_uring"))) {
            return memlockHint();
        }
        if (errno == Errno.EAGAIN && call.equals("pthread_create")) {
            return threadsHint();
        }
        if (errno == Errno.EMFILE) {
            return "RLIMIT_NOFILE (ulimit -n) is " + limit("Max open files") + " open files per process; raise it"
                    + " with `ulimit -n <n>` in the shell that starts the JVM or LimitNOFILE= in a systemd unit, or"
                    + " close descriptors that are no longer used" + Diagnostics.link("nofile");
        }
        if (errno == Errno.ENFILE) {
            String[] used = firstLine("/proc/sys/fs/file-nr").split("\\s+");
            long max = number("/proc/sys/fs/file-max");
            return "the system-wide file table is full: " + used[0] + " of fs.file-max " + max
                    + " handles in use (/proc/sys/fs/file-nr); raise it with `sysctl -w fs.file-max="
                    + Math.max(2 * max, 1 << 20) + "` (persist it in /etc/sysctl.d/)"
                    + Diagnostics.link("file-max");
        }
        return null;
    }

    private static String aioHint(int maxRequests) {
        long nr = number("/proc/sys/fs/aio-nr");
        long max = number("/proc/sys/fs/aio-max-nr");
        long raise = Math.max(65536, Math.max(2 * max, nr + maxRequests));
        return "fs.aio-max-nr is exhausted: " + nr + " of " + max + " AIO events are in use system-wide"
                + " (/proc/sys/fs/aio-nr, /proc/sys/fs/aio-max-nr) and this context needs " + maxRequests
                + " more; raise the limit with `sysctl -w fs.aio-max-nr=" + raise + "` (persist it in"
                + " /etc/sysctl.d/), close AIO contexts that are no longer used, or ask for fewer maxRequests"
                + Diagnostics.link("aio-max-nr");
    }

    private static String memlockHint() {
        String version = System.getProperty("os.version", "");
        boolean charged = olderThan(version, 5, 12);
        return "RLIMIT_MEMLOCK (ulimit -l) is " + limit("Max locked memory") + "; kernels before 5.12 charge"
                + " io_uring rings to it"
                + (charged ? ", as this one (" + version + ") does"
                        : "; this one (" + version + ") charges them to the memory cgroup instead, so check its"
                                + " memory.max too")
                + "; raise it with `ulimit -l unlimited` (or a size in KiB) in the shell that starts the JVM,"
                + " LimitMEMLOCK=infinity in a systemd unit, a memlock line in /etc/security/limits.conf or"
                + " `docker run --ulimit memlock=-1`, or ask for fewer maxRequests (a smaller ring)"
                + Diagnostics.link("memlock");
    }

    private static String threadsHint() {
        String threads = "?";
        for (String line : lines("/proc/self/status")) {
            if (line.startsWith("Threads:")) {
                threads = line.substring("Threads:".length()).strip();
            }
        }
        return "no more threads: RLIMIT_NPROC (ulimit -u; threads of this user, not enforced for root) is "
                + limit("Max processes") + ", kernel.threads-max is "
                + number("/proc/sys/kernel/threads-max") + ", this process runs " + threads + " threads, and a"
                + " cgroup's pids.max (systemd TasksMax=) counts them too; raise them with `ulimit -u <n>`,"
                + " LimitNPROC= or TasksMax= in a systemd unit, or `sysctl -w kernel.threads-max=<n>`, or ask for a"
                + " smaller poolSize" + Diagnostics.link("threads");
    }

    /** True if a kernel release such as {@code "5.10.0-8-amd64"} is before {@code major.minor}; false if unknown. */
    static boolean olderThan(String release, int major, int minor) {
        String[] parts = release.split("[.-]");
        try {
            int ma = Integer.parseInt(parts[0]);
            int mi = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return ma < major || (ma == major && mi < minor);
        } catch (NumberFormatException notAVersion) {
            return false;
        }
    }

    /** A resource limit of this process from {@code /proc/self/limits}: {@code "64 KiB soft, 8 MiB hard"}. */
    static String limit(String name) {
        for (String line : lines("/proc/self/limits")) {
            if (line.startsWith(name + " ")) {
                String[] f = line.substring(name.length()).strip().split("\\s+");
                if (f.length >= 2) {
                    boolean bytes = f.length > 2 && f[2].equals("bytes");
                    String soft = bytes ? size(f[0]) : f[0];
                    String hard = bytes ? size(f[1]) : f[1];
                    return soft.equals(hard) ? soft + " soft and hard" : soft + " soft, " + hard + " hard";
                }
            }
        }
        return "unknown";
    }

    private static String size(String bytes) {
        try {
            long b = Long.parseLong(bytes);
            return b % (1 << 20) == 0 ? (b >> 20) + " MiB" : b % 1024 == 0 ? (b >> 10) + " KiB" : b + " bytes";
        } catch (NumberFormatException unlimited) {
            return bytes;
        }
    }

    private static long number(String path) {
        try {
            return Long.parseLong(firstLine(path).split("\\s+")[0]);
        } catch (NumberFormatException unreadable) {
            return -1;
        }
    }

    private static String firstLine(String path) {
        List<String> l = lines(path);
        return l.isEmpty() ? "?" : l.get(0).strip();
    }

    private static List<String> lines(String path) {
        try {
            return Files.readAllLines(Path.of(path));
        } catch (IOException | RuntimeException unreadable) {
            return List.of();
        }
    }
}
