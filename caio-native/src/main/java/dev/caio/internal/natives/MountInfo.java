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
            String mountPoint = f[4].replace("\\040", " ");
            boolean covers = dir.equals(mountPoint) || mountPoint.equals("/")
                    || dir.startsWith(mountPoint.endsWith("/") ? mountPoint : mountPoint + "/");
            if (covers && (best == null || mountPoint.length() >= best.length())) {
                best = mountPoint;
                bestNoexec = List.of(f[5].split(",")).contains("noexec");
            }
        }
        return bestNoexec ? best : null;
    }
}
