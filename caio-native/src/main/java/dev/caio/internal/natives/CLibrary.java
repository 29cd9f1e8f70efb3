package dev.caio.internal.natives;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * Which C library this process runs on. The native libraries are built against glibc; on musl (Alpine) they are not
 * loaded at all, so the backend reports why instead of failing somewhere inside {@code dlopen}.
 */
final class CLibrary {
    /** The musl object mapped into this process, or null where it is not (glibc). */
    static final String MUSL = musl();

    private CLibrary() {
    }

    private static String musl() {
        try (BufferedReader r = Files.newBufferedReader(Path.of("/proc/self/maps"))) {
            return muslIn(r.lines().iterator());
        } catch (IOException | RuntimeException unreadable) {
            return null; // then dlopen's own error says what is wrong
        }
    }

    /** The path of musl's loader or libc in {@code /proc/self/maps} lines, or null. */
    static String muslIn(Iterator<String> mapsLines) {
        while (mapsLines.hasNext()) {
            String line = mapsLines.next();
            int path = line.indexOf('/');
            if (path >= 0) {
                String file = line.substring(line.lastIndexOf('/') + 1);
                if (file.startsWith("ld-musl-") || file.startsWith("libc.musl-")) {
                    return line.substring(path);
                }
            }
        }
        return null;
    }
}
