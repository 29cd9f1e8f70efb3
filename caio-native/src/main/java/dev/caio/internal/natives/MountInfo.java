package dev.caio.internal.natives;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads {@code /proc/self/mountinfo} to tell whether a directory sits on a {@code noexec} mount. */
final class MountInfo {
    private MountInfo() {
    }

    /** The mount point holding {@code dir} if that mount is noexec, else null. */
    static String noexecMountOf(Path dir) {
        try {
            return noexecMountOf(dir.toRealPath().toString(), Files.readAllLines(Path.of("/proc/self/mountinfo")));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static String noexecMountOf(String dir, List<String> mountinfo) {
        String best = null;
        boolean bestNoexec = false;
        for (String line : mountinfo) {
            String[] f = line.split(" ");
            if (f.length < 6) {
                continue;
            }
            String mountPoint = unescape(f[4]);
            boolean covers = dir.equals(mountPoint) || mountPoint.equals("/")
                    || dir.startsWith(mountPoint.endsWith("/") ? mountPoint : mountPoint + "/");
            if (covers && (best == null || mountPoint.length() >= best.length())) {
                best = mountPoint;
                bestNoexec = List.of(f[5].split(",")).contains("noexec");
            }
        }
        return bestNoexec ? best : null;
    }

    /** Undoes the kernel's octal escapes in mountinfo paths: space, tab, newline and backslash ({@code \ooo}). */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && isOctal(s.charAt(i + 1)) && isOctal(s.charAt(i + 2))
                    && isOctal(s.charAt(i + 3))) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isOctal(char c) {
        return c >= '0' && c <= '7';
    }
}
