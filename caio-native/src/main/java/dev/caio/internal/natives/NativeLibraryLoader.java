package dev.caio.internal.natives;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * Loads caio's JNI libraries, {@code lib<name>_<arch>.so}, in this order:
 * <ol>
 *   <li>{@code -Dcaio.native.path}: a library file or a directory holding it; explicit, so no fallback;</li>
 *   <li>{@code java.library.path} ({@link System#loadLibrary});</li>
 *   <li>the copy inside the backend's jar under {@code META-INF/native/}, extracted to a fresh private directory
 *       (mode 0700, unpredictable name, created without following links) under {@code -Dcaio.native.workdir} or
 *       {@code java.io.tmpdir}, checked against the jar's bytes, loaded, then deleted.</li>
 * </ol>
 * Every failure is kept; the most useful one is thrown with the rest suppressed. A {@code noexec} temp directory is
 * detected and named with the fix. {@code -Dcaio.noNative=true} disables all native backends.
 */
public final class NativeLibraryLoader {
    public static final String PATH_PROPERTY = "caio.native.path";
    public static final String WORKDIR_PROPERTY = "caio.native.workdir";
    public static final String NO_NATIVE_PROPERTY = "caio.noNative";

    private NativeLibraryLoader() {
    }

    /** The version every library must report: this build's, compiled into the C code by the Makefile. */
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
     * Loads {@code lib<name>_<arch>.so}, looking inside {@code anchor}'s jar last.
     *
     * @throws UnsatisfiedLinkError describing every attempt
     */
    public static void load(String name, Class<?> anchor) {
        if (Boolean.getBoolean(NO_NATIVE_PROPERTY)) {
            throw new UnsatisfiedLinkError("native backends are disabled by -D" + NO_NATIVE_PROPERTY + "=true");
        }
        if (!Arch.isLinux()) {
            throw new UnsatisfiedLinkError("native backends need Linux; this is " + System.getProperty("os.name"));
        }
        String file = Arch.libraryFileName(name);
        String explicit = System.getProperty(PATH_PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit);
            Path lib = Files.isDirectory(p) ? p.resolve(file) : p;
            System.load(lib.toAbsolutePath().toString());
            return;
        }
        List<Throwable> failures = new ArrayList<>();
        try {
            System.loadLibrary(name + "_" + Arch.current());
            return;
        } catch (UnsatisfiedLinkError e) {
            failures.add(e);
        }
        URL resource = anchor.getResource("/META-INF/native/" + file);
        if (resource == null) {
            UnsatisfiedLinkError e = new UnsatisfiedLinkError("no " + file + " in " + where(anchor) + " for "
                    + System.getProperty("os.arch") + "; this jar ships x86_64 and aarch_64 Linux libraries");
            failures.forEach(e::addSuppressed);
            throw e;
        }
        try {
            extractAndLoad(resource, file);
        } catch (Throwable t) {
            UnsatisfiedLinkError e = t instanceof UnsatisfiedLinkError u ? u
                    : (UnsatisfiedLinkError) new UnsatisfiedLinkError("cannot extract " + file + ": " + t).initCause(t);
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }

    /** Fails with a clear message when a library reports another version than this build expects. */
    public static void checkVersion(String library, String reported) {
        String expected = expectedVersion();
        if (!expected.equals(reported)) {
            throw new UnsatisfiedLinkError("stale native library " + library + ": it reports version " + reported
                    + " but this jar is " + expected + "; remove the old copy from java.library.path or "
                    + PATH_PROPERTY);
        }
    }

    static void extractAndLoad(URL resource, String file) throws IOException {
        byte[] bytes;
        try (InputStream in = resource.openStream()) {
            bytes = in.readAllBytes();
        }
        Path base = Path.of(System.getProperty(WORKDIR_PROPERTY, System.getProperty("java.io.tmpdir")));
        Path dir = Files.createTempDirectory(base, "caio-native-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path lib = dir.resolve(file);
        try {
            // CREATE_NEW with NOFOLLOW_LINKS: a file or link planted under this name is refused, never followed.
            try (OutputStream out = Files.newOutputStream(lib, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                out.write(bytes);
            }
            if (!Arrays.equals(sha256(bytes), sha256(Files.readAllBytes(lib)))) {
                throw new UnsatisfiedLinkError("extracted " + lib + " differs from the copy in the jar; not loading it");
            }
            try {
                System.load(lib.toString());
            } catch (UnsatisfiedLinkError e) {
                String mount = MountInfo.noexecMountOf(dir);
                if (mount != null) {
                    throw (UnsatisfiedLinkError) new UnsatisfiedLinkError("cannot load " + file + " extracted to "
                            + dir + ": " + mount + " is mounted noexec; set -D" + WORKDIR_PROPERTY
                            + "=<a directory on an exec mount> or -D" + PATH_PROPERTY + "=<a copy of the library>")
                            .initCause(e);
                }
                throw e;
            }
        } finally {
            // Linux keeps the mapping of a loaded library; the file is no longer needed.
            Files.deleteIfExists(lib);
            Files.deleteIfExists(dir);
        }
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
