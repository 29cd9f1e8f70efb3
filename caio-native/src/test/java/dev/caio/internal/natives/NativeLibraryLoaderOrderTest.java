package dev.caio.internal.natives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where {@link NativeLibraryLoader#load} takes a library from. Real shared objects built by gcc
 * record their loading in a marker file from an ELF constructor: a "planted" one on {@code java.library.path} and a
 * "bundled" one inside a backend's (directory) jar. The planted one may run only with the opt-in.
 */
class NativeLibraryLoaderOrderTest {
    private static final String PROBE_C = """
            #define _GNU_SOURCE
            #include <dlfcn.h>
            #include <stdio.h>
            __attribute__((constructor)) static void caio_order_loaded(void) {
                Dl_info info;
                const char *self = "?";
                if (dladdr((void *) &caio_order_loaded, &info) && info.dli_fname != NULL) self = info.dli_fname;
                FILE *f = fopen(MARKER, "a");
                if (f == NULL) return;
                fprintf(f, "%s\\n", self);
                fclose(f);
            }
            """;

    @TempDir
    static Path build;
    private static Path bundled;
    private static Path planted;
    private static Path bundledMarker;
    private static Path plantedMarker;
    private static String gccProblem;

    private final String savedLibraryPath = System.getProperty("java.library.path");

    /**
     * The loader warns through System.Logger "dev.caio" (java.util.logging here) when it leaves a copy on
     * {@code java.library.path} unused. The test that provokes the warning checks it here, and it is kept off the
     * console, where it would read like a real problem in the build output.
     */
    private final Logger log = Logger.getLogger("dev.caio");
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private boolean logToConsole;

    @BeforeEach
    void captureWarnings() {
        log.addHandler(capture);
        logToConsole = log.getUseParentHandlers();
        log.setUseParentHandlers(false);
    }

    /** Loaded only through a class loader over a test "jar", so {@code getResource} looks there. */
    public static final class Anchor {
        private Anchor() {
        }
    }

    @BeforeAll
    static void compile() throws Exception {
        Path src = build.resolve("order.c");
        Files.writeString(src, PROBE_C);
        bundled = build.resolve("bundled.so");
        planted = build.resolve("planted.so");
        bundledMarker = build.resolve("bundled.txt");
        plantedMarker = build.resolve("planted.txt");
        gccProblem = MarkerLibrary.compile(src, bundled, bundledMarker);
        if (gccProblem == null) {
            gccProblem = MarkerLibrary.compile(src, planted, plantedMarker);
        }
    }


    @AfterEach
    void restore() {
        log.removeHandler(capture);
        log.setUseParentHandlers(logToConsole);
        System.setProperty("java.library.path", savedLibraryPath);
        System.clearProperty(NativeLibraryLoader.USE_LIBRARY_PATH_PROPERTY);
    }

    /** A class {@code Anchor} defined by a loader over {@code jar}, holding the bundled library as {@code name}. */
    private static Class<?> anchorWith(Path jar, String name) throws Exception {
        String classFile = Anchor.class.getName().replace('.', '/') + ".class";
        Path target = jar.resolve(classFile);
        Files.createDirectories(target.getParent());
        try (InputStream in = NativeLibraryLoaderOrderTest.class.getClassLoader().getResourceAsStream(classFile)) {
            Files.write(target, in.readAllBytes());
        }
        if (name != null) {
            Path lib = jar.resolve("META-INF/native/" + Arch.libraryFileName(name));
            Files.createDirectories(lib.getParent());
            Files.copy(bundled, lib);
        }
        // Parent null: the anchor must be defined by this loader, not delegated to the test class path.
        ClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
        return loader.loadClass(Anchor.class.getName());
    }

    /** Puts the planted library as {@code name} into a fresh directory that becomes {@code java.library.path}. */
    private static Path plantOnLibraryPath(Path dir, String name) throws IOException {
        Path lib = dir.resolve(Arch.libraryFileName(name));
        Files.copy(planted, lib);
        System.setProperty("java.library.path", "/nonexistent-caio" + java.io.File.pathSeparator + dir);
        return lib;
    }

    private static List<String> marker(Path m) throws IOException {
        return Files.exists(m) ? Files.readAllLines(m) : List.of();
    }

    private static boolean loadedFrom(Path marker, String fileName) throws IOException {
        return marker(marker).stream().anyMatch(l -> l.endsWith("/" + fileName));
    }

    @Test
    void aCopyOnTheLibraryPathIsNotLoadedWithoutTheOptIn(@TempDir Path jar, @TempDir Path libs) throws Exception {
        assumeTrue(gccProblem == null, () -> "needs gcc: " + gccProblem);
        String name = "caio_order_default";
        String file = Arch.libraryFileName(name);
        Class<?> anchor = anchorWith(jar, name);
        Path lib = plantOnLibraryPath(libs, name);
        NativeLibraryLoader.load(name, anchor);
        assertTrue(!loadedFrom(plantedMarker, file), "the planted library ran: " + marker(plantedMarker));
        assertTrue(loadedFrom(bundledMarker, file), "the bundled library was not loaded: " + marker(bundledMarker));
        assertTrue(NativeLibraryLoader.origin(name).startsWith("the copy in file:" + jar),
                NativeLibraryLoader.origin(name));
        // The unused copy is named in a warning, with the opt-in that would have used it.
        List<String> warned = logged.stream().filter(m -> m.contains(lib + " on java.library.path was not loaded")
                && m.contains(NativeLibraryLoader.USE_LIBRARY_PATH_PROPERTY + "=true")).toList();
        assertEquals(1, warned.size(), logged.toString());

        // Loaded once: a second call (a retried probe) neither extracts nor loads again.
        int lines = marker(bundledMarker).size();
        NativeLibraryLoader.load(name, anchor);
        assertEquals(lines, marker(bundledMarker).size());
    }

    @Test
    void theOptInLoadsTheCopyOnTheLibraryPathAndNamesIt(@TempDir Path jar, @TempDir Path libs) throws Exception {
        assumeTrue(gccProblem == null, () -> "needs gcc: " + gccProblem);
        String name = "caio_order_optin";
        String file = Arch.libraryFileName(name);
        Class<?> anchor = anchorWith(jar, name);
        Path lib = plantOnLibraryPath(libs, name);
        System.setProperty(NativeLibraryLoader.USE_LIBRARY_PATH_PROPERTY, "true");
        NativeLibraryLoader.load(name, anchor);
        assertTrue(loadedFrom(plantedMarker, file), "the opted-in copy was not loaded: " + marker(plantedMarker));
        assertTrue(!loadedFrom(bundledMarker, file), "the bundled copy was loaded as well");
        String origin = NativeLibraryLoader.origin(name);
        assertTrue(origin.contains(lib.toString()) && origin.contains(NativeLibraryLoader.USE_LIBRARY_PATH_PROPERTY),
                origin);
        // It has no JNI methods: the version query fails, and the error says which file is not caio's.
        UnsatisfiedLinkError e = assertThrows(UnsatisfiedLinkError.class, () -> NativeLibraryLoader.checkVersion(
                name, () -> {
                    throw new UnsatisfiedLinkError("'java.lang.String dev.caio.x.XNative.version()'");
                }));
        assertTrue(e.getMessage().contains(lib.toString()) && e.getMessage().contains("is not caio's"), e.getMessage());
    }

    @Test
    void theOptInWithoutACopyOnTheLibraryPathUsesTheJar(@TempDir Path jar, @TempDir Path libs) throws Exception {
        assumeTrue(gccProblem == null, () -> "needs gcc: " + gccProblem);
        String name = "caio_order_optin_missing";
        Class<?> anchor = anchorWith(jar, name);
        System.setProperty("java.library.path", libs.toString());
        System.setProperty(NativeLibraryLoader.USE_LIBRARY_PATH_PROPERTY, "true");
        NativeLibraryLoader.load(name, anchor);
        assertTrue(loadedFrom(bundledMarker, Arch.libraryFileName(name)), marker(bundledMarker).toString());
    }

    @Test
    void aJarWithoutTheLibraryNamesTheUnusedCopyAndTheOptIn(@TempDir Path jar, @TempDir Path libs) throws Exception {
        assumeTrue(gccProblem == null, () -> "needs gcc: " + gccProblem);
        String name = "caio_order_nojar";
        Class<?> anchor = anchorWith(jar, null);
        Path lib = plantOnLibraryPath(libs, name);
        UnsatisfiedLinkError e = assertThrows(UnsatisfiedLinkError.class, () -> NativeLibraryLoader.load(name, anchor));
        assertTrue(e.getMessage().contains(lib + " on java.library.path was not loaded")
                && e.getMessage().contains(NativeLibraryLoader.USE_LIBRARY_PATH_PROPERTY + "=true"), e.getMessage());
        assertTrue(!loadedFrom(plantedMarker, Arch.libraryFileName(name)), marker(plantedMarker).toString());
        assertEquals(null, NativeLibraryLoader.origin(name));
    }
}
