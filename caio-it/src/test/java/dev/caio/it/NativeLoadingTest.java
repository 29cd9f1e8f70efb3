package dev.caio.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.caio.AsyncFileContext;
import dev.caio.ImplementationInfo;
import dev.caio.Selection;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Native loading in child JVMs with the real libraries: a {@code libcaio_*.so} planted on
 * {@code java.library.path} is never loaded unless the user opts in (and then its failure is a selection warning),
 * and a first probe that fails for lack of descriptors does not disable the native backends for the JVM's life.
 */
class NativeLoadingTest {
    private static final String ARCH = archName();
    private static final String PLANTED_C = """
            #define _GNU_SOURCE
            #include <dlfcn.h>
            #include <stdio.h>
            __attribute__((constructor)) static void planted_loaded(void) {
                Dl_info info;
                const char *self = "?";
                if (dladdr((void *) &planted_loaded, &info) && info.dli_fname != NULL) self = info.dli_fname;
                FILE *f = fopen(MARKER, "a");
                if (f == NULL) return;
                fprintf(f, "%s\\n", self);
                fclose(f);
            }
            """;

    private static Path root;

    @BeforeAll
    static void setUp() throws Exception {
        root = Impls.workDir("native-loading");
    }

    @AfterAll
    static void tearDown() {
        Impls.deleteTree(root);
    }

    /** Arch.current() is internal to caio-native; the same normalisation, for the two architectures we build. */
    private static String archName() {
        String a = System.getProperty("os.arch", "");
        return switch (a) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch_64";
            default -> a;
        };
    }

    // ------------------------------------------------------------------ defect 6: planted library

    /**
     * A shared object whose ELF constructor appends its path to {@code marker}, planted under the names of all three
     * native libraries in a fresh directory; null with the reason when gcc is missing.
     */
    private static String plant(Path dir, Path marker) throws Exception {
        Path src = root.resolve("planted.c");
        Files.writeString(src, PLANTED_C);
        Path so = root.resolve("planted.so");
        try {
            Process p = new ProcessBuilder("gcc", "-shared", "-fPIC", "-o", so.toString(),
                    "-DMARKER=\"" + marker + "\"", src.toString(), "-ldl").redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "gcc failed: " + log;
            }
        } catch (IOException e) {
            return "no gcc: " + e.getMessage();
        }
        Files.createDirectories(dir);
        for (String name : List.of("thread", "linux", "uring")) {
            Files.copy(so, dir.resolve("libcaio_" + name + "_" + ARCH + ".so"));
        }
        return null;
    }

    private static List<String> planted(String... options) {
        List<String> cmd = ChildJvm.command(root, options);
        cmd.add(PlantedChild.class.getName());
        return cmd;
    }

    private static List<String> lines(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).toList();
    }

    @Test
    void aLibraryPlantedOnTheLibraryPathIsNotLoadedUnlessOptedIn() throws Exception {
        List<String> natives = Impls.natives().toList();
        assumeTrue(natives.contains("thread"), "the thread backend is unavailable here: " + natives);
        Path dir = root.resolve("planted");
        Path marker = root.resolve("planted-marker.txt");
        String problem = plant(dir, marker);
        assumeTrue(problem == null, () -> "needs gcc to build the planted library: " + problem);
        String best = natives.get(0);

        // Named on java.library.path: the bundled, verified copies are used; the planted ones are only reported.
        String out = ChildJvm.run(planted("-Djava.library.path=" + dir), null, Map.of());
        assertFalse(Files.exists(marker), "a planted library was loaded:\n" + out);
        assertTrue(out.contains("IMPL thread true"), out);
        assertEquals(List.of(best), lines(out, "SELECTED "), out);
        assertEquals(List.of(), lines(out, "WARNING "), out);
        assertTrue(out.contains(dir.resolve("libcaio_thread_" + ARCH + ".so") + " on java.library.path was not loaded")
                && out.contains("caio.native.useLibraryPath=true"), "the packager's hint is missing:\n" + out);

        // An empty LD_LIBRARY_PATH element is the working directory, and the JVM puts LD_LIBRARY_PATH first.
        out = ChildJvm.run(planted(), dir, Map.of("LD_LIBRARY_PATH", ":/nonexistent-caio"));
        assertTrue(lines(out, "LIBRARY_PATH ").get(0).startsWith(":"), "precondition: empty element first:\n" + out);
        assertFalse(Files.exists(marker), "a planted library in the working directory was loaded:\n" + out);
        assertTrue(out.contains("IMPL thread true"), out);
        assertEquals(List.of(best), lines(out, "SELECTED "), out);

        // Opted in: the planted copies are loaded, each backend is unavailable saying why, and selection warns.
        out = ChildJvm.run(planted("-Djava.library.path=" + dir, "-Dcaio.native.useLibraryPath=true"), null, Map.of());
        assertTrue(Files.exists(marker), "the opt-in did not load from java.library.path:\n" + out);
        String planted = dir.resolve("libcaio_thread_" + ARCH + ".so").toString();
        assertTrue(Files.readAllLines(marker).contains(planted), Files.readAllLines(marker).toString());
        String reason = lines(out, "IMPL thread false ").get(0);
        assertTrue(reason.contains(planted) && reason.contains("is not caio's"), reason);
        assertEquals(List.of("java"), lines(out, "SELECTED "), out);
        assertTrue(lines(out, "WARNING ").stream().anyMatch(w -> w.startsWith("thread skipped: its native library did"
                + " not load") && w.contains(planted)), "no selection warning names thread:\n" + out);
        assertEquals(List.of("java"), lines(out, "CREATED "), out);
    }

    /** Child JVM: prints the library path, every implementation, the selection and its warnings, and what create() makes. */
    public static final class PlantedChild {
        private PlantedChild() {
        }

        /** Entry point; exits 0 unless something threw. */
        public static void main(String[] args) throws Exception {
            System.out.println("LIBRARY_PATH " + System.getProperty("java.library.path"));
            for (ImplementationInfo i : AsyncFileContext.implementations()) {
                System.out.println("IMPL " + i.name() + " " + i.available() + " " + i.reason());
            }
            Selection s = AsyncFileContext.selection();
            System.out.println("SELECTED " + s.implementation());
            s.warnings().forEach(w -> System.out.println("WARNING " + w));
            try (AsyncFileContext ctx = AsyncFileContext.create()) {
                System.out.println("CREATED " + ctx.implementation());
            }
            System.exit(0);
        }
    }

    // ------------------------------------------------------------------ defect 7: transient first probe

    @Test
    void aFirstProbeWithoutDescriptorsDoesNotDisableTheNativeBackends() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")), "needs prlimit(1) from util-linux");
        List<String> natives = Impls.natives().toList();
        assumeTrue(!natives.isEmpty(), "no native backend is available here");
        Path f = Files.createTempFile(root, "nofile", ".dat");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/prlimit", "--nofile=256:256"));
        cmd.addAll(ChildJvm.command(root));
        cmd.add(ExhaustionChild.class.getName());
        cmd.add(f.toString());
        cmd.addAll(natives);
        String out = ChildJvm.run(cmd, null, Map.of());
        assertTrue(out.contains("HOARD "), out);
        for (String n : natives) {
            // The precondition: the first probe really ran out of descriptors, and says it will be retried.
            String during = lines(out, "DURING " + n + " ").get(0);
            assertTrue(during.startsWith("false ") && during.contains("Too many open files")
                    && during.contains("probed again on next use"), n + " during exhaustion: " + during);
            assertTrue(out.contains("AFTER " + n + " ok"), n + " is still unavailable after recovery:\n" + out);
        }
        assertEquals(List.of(natives.get(0)), lines(out, "SELECTED "), out);
        assertEquals(List.of(natives.get(0)), lines(out, "CREATED "), out);
    }

    /**
     * Child JVM under a low {@code RLIMIT_NOFILE}: discovers the providers (probing only {@code java}), exhausts
     * descriptors, probes the native backends for the first time, frees the descriptors, then creates and uses a
     * context of each native backend named in the arguments and lets selection choose.
     */
    public static final class ExhaustionChild {
        private ExhaustionChild() {
        }

        /** Entry point: {@code <file> <native backend>...}. */
        public static void main(String[] args) throws Exception {
            byte[] payload = new byte[4096];
            Arrays.fill(payload, (byte) 0x5a);
            // ServiceLoader opens every jar now; only java is probed, so no native library is loaded yet.
            try (AsyncFileContext warm = AsyncFileContext.create("java", 8)) {
                System.out.println("WARM " + warm.implementation());
            }
            List<FileChannel> hoard = new ArrayList<>();
            try {
                while (hoard.size() < 100_000) {
                    hoard.add(FileChannel.open(Path.of("/dev/null"), StandardOpenOption.READ));
                }
            } catch (IOException e) {
                System.out.println("HOARD " + hoard.size() + " " + e.getMessage());
            }
            for (ImplementationInfo i : AsyncFileContext.implementations()) {
                System.out.println("DURING " + i.name() + " " + i.available() + " " + i.reason());
            }
            for (FileChannel c : hoard) {
                c.close();
            }
            try (RandomAccessFile raf = new RandomAccessFile(args[0], "rw")) {
                for (int k = 1; k < args.length; k++) {
                    try (AsyncFileContext ctx = AsyncFileContext.create(args[k], 8)) {
                        ctx.write(payload, raf.getFD(), 0).get(30, TimeUnit.SECONDS);
                        byte[] got = ctx.read(4096, raf.getFD(), 0).get(30, TimeUnit.SECONDS);
                        System.out.println("AFTER " + args[k] + (Arrays.equals(got, payload) ? " ok" : " wrong data"));
                    } catch (Exception e) {
                        System.out.println("AFTER " + args[k] + " failed: " + e);
                    }
                }
            }
            System.out.println("SELECTED " + AsyncFileContext.selection().implementation());
            try (AsyncFileContext ctx = AsyncFileContext.create()) {
                System.out.println("CREATED " + ctx.implementation());
            }
            System.exit(0);
        }
    }
}
