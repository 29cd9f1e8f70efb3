package dev.caio.internal.natives;

import java.util.Locale;

/** The platform names used in native library file names, following os-maven-plugin: {@code x86_64}, {@code aarch_64}. */
public final class Arch {
    private Arch() {
    }

    /**
     * The current architecture's name.
     *
     * @return {@code x86_64} or {@code aarch_64}, or the raw {@code os.arch} value (lower case, letters, digits and
     *         {@code _} only) when it is not one we build for
     */
    public static String current() {
        return normalize(System.getProperty("os.arch", ""));
    }

    static String normalize(String osArch) {
        String a = osArch.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "");
        return switch (a) {
            case "amd64", "x86_64", "x8664" -> "x86_64";
            case "aarch64", "arm64", "aarch_64" -> "aarch_64";
            default -> a;
        };
    }

    /**
     * Whether this is Linux, the only OS the native backends support.
     *
     * @return true if {@code os.name} starts with "linux", in any case
     */
    public static boolean isLinux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
    }

    /**
     * The file name of a native library for this architecture.
     *
     * @param name the library's name, such as {@code caio_uring}
     * @return {@code lib<name>_<arch>.so}, with {@link #current()} as the arch
     */
    public static String libraryFileName(String name) {
        return "lib" + name + "_" + current() + ".so";
    }
}
