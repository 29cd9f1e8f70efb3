package dev.caio.internal.natives;

import dev.caio.internal.Diagnostics;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads caio's JNI libraries, {@code lib<name>_<arch>.so}, in this order:
 * <ol>
 *   <li>{@code -Dcaio.native.path}: a library file or a directory holding it; explicit, so no fallback;</li>
 *   <li>only with {@code -Dcaio.native.useLibraryPath=true} (for distro packages that install the libraries
 *       themselves): the first copy found in a directory of {@code java.library.path}, searched the way
 *       {@link System#loadLibrary} does (an empty element is the working directory); a copy found there that fails
 *       to load is an error, no fallback; none found falls through to</li>
 *   <li>the copy inside the backend's jar under {@code META-INF/native/}, extracted to a fresh private directory
 *       (mode 0700, unpredictable name, created without following links) under {@code -Dcaio.native.workdir} or
 *       {@code java.io.tmpdir}, checked against the jar's bytes, loaded, then deleted.</li>
 * </ol>
 * Without the opt-in, {@code java.library.path} is never loaded from: a planted {@code libcaio_*.so} in one of its
 * directories (an empty {@code LD_LIBRARY_PATH} element means the working directory) would otherwise run its
 * constructor inside the JVM before any version check. A copy found there but not used is named in a warning (logger
 * {@code dev.caio}, once per library) and in the load error, with the opt-in, so a packager learns about it.
 * <p>
 * Every failure is kept; the most useful one is thrown with the rest suppressed. A {@code noexec} temp directory is
 * detected and named with the fix. {@code -Dcaio.noNative=true} disables all native backends. A library that loaded
 * is remembered: loading it again returns at once (a later probe may retry after a transient failure). Thread-safe.
 */
public final class NativeLibraryLoader {
    /** The system property naming a library file, or a directory holding it, to load with no fallback. */
    public static final String PATH_PROPERTY = "caio.native.path";
    /** The system property naming the directory the jar's copy is extracted under, by default java.io.tmpdir. */
    public static final String WORKDIR_PROPERTY = "caio.native.workdir";
    /** The system property that, set to {@code true}, makes every native backend unavailable. */
    public static final String NO_NATIVE_PROPERTY = "caio.noNative";
    /** The opt-in for loading from {@code java.library.path}; off by default. */
    public static final String USE_LIBRARY_PATH_PROPERTY = "caio.native.useLibraryPath";

    private static final System.Logger LOG = System.getLogger("dev.caio");
    /** Library name to where it was loaded from, for each library loaded in this JVM. */
    private static final Map<String, String> LOADED = new ConcurrentHashMap<>();
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private NativeLibraryLoader() {
    }

    /**
     * The version every library must report: this build's, compiled into the C code by the Makefile.
     *
     * @return the project version from this jar's {@code version.properties}, or {@code "unknown"} without one
     * @throws UncheckedIOException if that resource cannot be read
     */
    public static String expectedVersion() {
        Properties p = new Properties();
        try (InputStream in = NativeLibraryLoader.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version", "unknown");
    }

    /**
     * Loads {@code lib<name>_<arch>.so} (see the class comment for where from); returns at once if it is loaded.
     * Safe to call from several threads: one loads, the others wait.
     *
     * @param name the library's name without prefix, arch and suffix, such as {@code "caio_uring"}
     * @param anchor a class of the backend's jar, whose {@code META-INF/native/} holds the bundled copy
     * @throws UnsatisfiedLinkError describing every attempt; a resource shortage (descriptors, memory) shows as its
     *         {@code strerror} text in the message or causes, so a caller can tell it from a permanent failure
     */
    public static void load(String name, Class<?> anchor) {
        if (Boolean.getBoolean(NO_NATIVE_PROPERTY)) {
            throw new UnsatisfiedLinkError("native backends are disabled by -D" + NO_NATIVE_PROPERTY + "=true"
                    + Diagnostics.link("native-disabled"));
        }
        if (!Arch.isLinux()) {
            throw new UnsatisfiedLinkError("native backends need Linux; this is " + System.getProperty("os.name")
                    + Diagnostics.link("not-linux"));
        }
        if (CLibrary.MUSL != null) {
            throw new UnsatisfiedLinkError("native backends need glibc 2.17 or newer; this process runs on musl ("
                    + CLibrary.MUSL + ")" + Diagnostics.link("musl"));
        }
        if (LOADED.containsKey(name)) {
            return;
        }
        synchronized (NativeLibraryLoader.class) {
            if (!LOADED.containsKey(name)) {
                LOADED.put(name, loadOnce(name, anchor));
            }
        }
    }

    /**
     * Where a library was loaded from.
     *
     * @param name the library's name, as given to {@link #load}
     * @return a path and the rule that chose it, or null if it is not loaded
     */
    public static String origin(String name) {
        return LOADED.get(name);
    }

    private static String loadOnce(String name, Class<?> anchor) {
        String file = Arch.libraryFileName(name);
        String explicit = System.getProperty(PATH_PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit);
            Path lib = (Files.isDirectory(p) ? p.resolve(file) : p).toAbsolutePath();
            System.load(lib.toString());
            return lib + " (-D" + PATH_PROPERTY + ")";
        }
        List<Throwable> failures = new ArrayList<>();
        Path onLibraryPath = findOnLibraryPath(file);
        boolean optIn = Boolean.getBoolean(USE_LIBRARY_PATH_PROPERTY);
        String unused = null;
        if (onLibraryPath != null && optIn) {
            String origin = onLibraryPath + " (java.library.path, -D" + USE_LIBRARY_PATH_PROPERTY + "=true)";
            try {
                System.load(onLibraryPath.toString());
            } catch (UnsatisfiedLinkError e) {
                throw (UnsatisfiedLinkError) new UnsatisfiedLinkError("cannot load " + origin + ": " + e.getMessage()
                        + Diagnostics.link("use-library-path"))
                        .initCause(e);
            }
            return origin;
        } else if (onLibraryPath != null) {
            unused = onLibraryPath + " on java.library.path was not loaded: copies there are used only with -D"
                    + USE_LIBRARY_PATH_PROPERTY + "=true (for distro packages)";
        } else if (optIn) {
            failures.add(new UnsatisfiedLinkError("no " + file + " on java.library.path ("
                    + System.getProperty("java.library.path") + ") despite -D" + USE_LIBRARY_PATH_PROPERTY
                    + "=true; trying the jar's copy" + Diagnostics.link("use-library-path")));
        }
        URL resource = anchor.getResource("/META-INF/native/" + file);
        if (resource == null) {
            UnsatisfiedLinkError e = new UnsatisfiedLinkError("no " + file + " in " + where(anchor) + " for "
                    + System.getProperty("os.arch") + "; this jar ships x86_64 and aarch_64 Linux libraries"
                    + (unused == null ? "" : "; " + unused) + Diagnostics.link("no-library-for-arch"));
            failures.forEach(e::addSuppressed);
            throw e;
        }
        try {
            extractAndLoad(resource, file);
        } catch (Throwable t) {
            UnsatisfiedLinkError e = t instanceof UnsatisfiedLinkError u ? u
                    : (UnsatisfiedLinkError) new UnsatisfiedLinkError("cannot extract " + file + ": " + t
                            + Diagnostics.link("extract-failed")).initCause(t);
            if (unused != null) {
                e = (UnsatisfiedLinkError) new UnsatisfiedLinkError(e.getMessage() + "; " + unused).initCause(e);
            }
            failures.forEach(e::addSuppressed);
            throw e;
        }
        if (unused != null && WARNED.add(name)) {
            LOG.log(System.Logger.Level.WARNING, "caio: " + unused + "; the jar's verified copy is used"
                    + Diagnostics.link("library-path-not-used"));
        }
        return "the copy in " + where(anchor) + " (extracted and checked)";
    }

    /**
     * The first {@code file} in a directory of {@code java.library.path}, as {@link System#loadLibrary} would find
     * it (an empty element is the working directory), or null.
     */
    static Path findOnLibraryPath(String file) {
        String path = System.getProperty("java.library.path", "");
        for (String dir : path.split(File.pathSeparator, -1)) {
            try {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, file).toAbsolutePath();
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            } catch (InvalidPathException | SecurityException e) {
                // an element that is no usable path cannot hold the library either
            }
        }
        return null;
    }

    /**
     * Fails with a clear message when a library reports another version than this build expects.
     *
     * @param library the library and where it was loaded from, for the message
     * @param reported the version the library reported
     * @throws UnsatisfiedLinkError naming both versions and the copy to remove, when they differ
     */
    public static void checkVersion(String library, String reported) {
        String expected = expectedVersion();
        if (!expected.equals(reported)) {
            throw new UnsatisfiedLinkError("stale native library " + library + ": it reports version " + reported
                    + " but this jar is " + expected + "; remove the old copy named by -D" + PATH_PROPERTY
                    + " or on java.library.path (used with -D" + USE_LIBRARY_PATH_PROPERTY + "=true)"
                    + Diagnostics.link("stale-library"));
        }
    }

    /** Asks a loaded library for its version: the JNI call that proves the library is caio's. */
    @FunctionalInterface
    public interface VersionQuery {
        /**
         * Asks the library.
         *
         * @return the version compiled into the library
         * @throws UnsatisfiedLinkError if the library registered no such native: it is not caio's
         */
        String version();
    }

    /**
     * Checks the version of library {@code name} (as given to {@link #load}), naming where it was loaded from. A
     * library that does not even answer the query (it registered no caio natives) is "not caio's", not a crash.
     *
     * @param name the library's name, as given to {@link #load}
     * @param query the library's version native
     * @throws UnsatisfiedLinkError when it is not caio's library of this build's version
     */
    public static void checkVersion(String name, VersionQuery query) {
        String origin = LOADED.getOrDefault(name, "an unknown place");
        String reported;
        try {
            reported = query.version();
        } catch (UnsatisfiedLinkError e) {
            throw (UnsatisfiedLinkError) new UnsatisfiedLinkError("native library " + Arch.libraryFileName(name)
                    + " loaded from " + origin + " is not caio's: it registers no native methods (" + e.getMessage()
                    + "); remove it or unset the option that chose it" + Diagnostics.link("not-caios-library"))
                    .initCause(e);
        }
        checkVersion("lib" + name + " (loaded from " + origin + ")", reported);
    }

    static void extractAndLoad(URL resource, String file) throws IOException {
        byte[] bytes;
        try (InputStream in = resource.openStream()) {
            bytes = in.readAllBytes();
        }
        Path base = Path.of(System.getProperty(WORKDIR_PROPERTY, System.getProperty("java.io.tmpdir")));
        Path dir = createPrivateDirectory(base);
        Path lib = dir.resolve(file);
        try {
            // CREATE_NEW with NOFOLLOW_LINKS: a file or link planted under this name is refused, never followed.
            try (OutputStream out = Files.newOutputStream(lib, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                out.write(bytes);
            }
            // The digest's first use reads java.security (see createPrivateDirectory); by now this method has just
            // opened and closed files, so a descriptor is free for it.
            if (!Arrays.equals(sha256(bytes), sha256(Files.readAllBytes(lib)))) {
                throw new UnsatisfiedLinkError("extracted " + lib + " differs from the copy in the jar; not loading it"
                        + Diagnostics.link("extract-failed"));
            }
            try {
                System.load(lib.toString());
            } catch (UnsatisfiedLinkError e) {
                String mount = MountInfo.noexecMountOf(dir);
                if (mount != null) {
                    throw (UnsatisfiedLinkError) new UnsatisfiedLinkError("cannot load " + file + " extracted to "
                            + dir + ": " + mount + " is mounted noexec; set -D" + WORKDIR_PROPERTY
                            + "=<a directory on an exec mount> or -D" + PATH_PROPERTY + "=<a copy of the library>"
                            + Diagnostics.link("noexec"))
                            .initCause(e);
                }
                if (String.valueOf(e.getMessage()).contains("GLIBC_")) {
                    // dlopen names the symbol version this glibc lacks: older than the libraries support.
                    throw (UnsatisfiedLinkError) new UnsatisfiedLinkError(e.getMessage() + "; the native libraries "
                            + "need glibc 2.17 or newer" + Diagnostics.link("glibc-too-old")).initCause(e);
                }
                throw e;
            }
        } finally {
            // Linux keeps the mapping of a loaded library; the file is no longer needed.
            Files.deleteIfExists(lib);
            Files.deleteIfExists(dir);
        }
    }

    /**
     * A new directory {@code caio-native-<random>} of mode 0700 under {@code base}. Not {@link Files#createTempDirectory}:
     * its first use initializes {@code SecureRandom} and {@code java.security.Security}, and when that happens while
     * descriptors are exhausted the JDK (25 at least) fails those classes for the JVM's life, so extraction could never
     * succeed again; here the first missing descriptor is a plain, retryable {@code EMFILE}. {@code mkdir} never
     * follows or reuses a planted name.
     */
    static Path createPrivateDirectory(Path base) throws IOException {
        FileAttribute<?> ownerOnly = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
        for (int attempt = 0; ; attempt++) {
            Path dir = base.resolve("caio-native-" + Long.toUnsignedString(randomLong()));
            try {
                return Files.createDirectory(dir, ownerOnly);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }

    /** Eight bytes of the kernel's randomness; {@link SecureRandom} only where there is no {@code /dev/urandom}. */
    private static long randomLong() throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("/dev/urandom"))) {
            byte[] b = in.readNBytes(Long.BYTES);
            if (b.length == Long.BYTES) {
                return ByteBuffer.wrap(b).getLong();
            }
        } catch (NoSuchFileException e) {
            // a container without /dev/urandom: fall through
        }
        return new SecureRandom().nextLong();
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String where(Class<?> anchor) {
        var cs = anchor.getProtectionDomain().getCodeSource();
        return cs == null ? anchor.getName() : String.valueOf(cs.getLocation());
    }
}
