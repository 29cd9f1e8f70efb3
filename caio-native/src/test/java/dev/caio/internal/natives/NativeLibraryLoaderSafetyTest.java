package dev.caio.internal.natives;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.caio.tck.SystemChange;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * Native library extraction is safe, with real shared objects compiled here by gcc: each one records, from
 * an ELF constructor, the path it was loaded from, the mode and owner of its directory, into a marker file. A
 * "hostile" library planted at every predictable path proves by its missing marker that it was never loaded.
 */
class NativeLibraryLoaderSafetyTest {
    private static final String FILE = "libcaio_probe_" + Arch.current() + ".so";
    private static final String PROBE_C = """
            #define _GNU_SOURCE
            #include <dlfcn.h>
            #include <libgen.h>
            #include <stdio.h>
            #include <string.h>
            #include <sys/stat.h>
            __attribute__((constructor)) static void caio_probe_loaded(void) {
                Dl_info info;
                if (!dladdr((void *) &caio_probe_loaded, &info) || info.dli_fname == NULL) return;
                char self[4096], dir[4096];
                snprintf(self, sizeof self, "%s", info.dli_fname);
                snprintf(dir, sizeof dir, "%s", info.dli_fname);
                struct stat st;
                const char *d = dirname(dir);
                int ok = stat(d, &st) == 0;
                FILE *f = fopen(MARKER, "a");
                if (f == NULL) return;
                fprintf(f, "%s %o %d\\n", self, ok ? (unsigned) (st.st_mode & 07777) : 0u, ok ? (int) st.st_uid : -1);
                fclose(f);
            }
            """;

    @TempDir
    static Path build;
    private static Path good;
    private static Path hostile;
    private static Path goodMarker;
    private static Path hostileMarker;
    private static String gccProblem;

    private String savedWorkdir;
    /**
     * Symbolic links a test planted in a {@code @TempDir} that point outside it. They are removed after the test:
     * JUnit's clean-up would remove them too, but logs a WARNING for each ("Deleting symbolic link ... to location
     * outside of temp dir"), which reads like an attack in the build output.
     */
    private final List<Path> plantedLinks = new ArrayList<>();

    @BeforeAll
    static void compileProbes() throws Exception {
        Path src = build.resolve("probe.c");
        Files.writeString(src, PROBE_C);
        goodMarker = build.resolve("good.txt");
        hostileMarker = build.resolve("hostile.txt");
        good = build.resolve("good.so");
        hostile = build.resolve("hostile.so");
        gccProblem = MarkerLibrary.compile(src, good, goodMarker);
        if (gccProblem == null) {
            gccProblem = MarkerLibrary.compile(src, hostile, hostileMarker);
        }
    }


    private void useWorkdir(Path dir) {
        savedWorkdir = System.getProperty(NativeLibraryLoader.WORKDIR_PROPERTY);
        System.setProperty(NativeLibraryLoader.WORKDIR_PROPERTY, dir.toString());
    }

    @AfterEach
    void restore() throws IOException {
        for (Path link : plantedLinks) {
            Files.deleteIfExists(link); // the link only: its target is left alone
        }
        if (savedWorkdir == null) {
            System.clearProperty(NativeLibraryLoader.WORKDIR_PROPERTY);
        } else {
            System.setProperty(NativeLibraryLoader.WORKDIR_PROPERTY, savedWorkdir);
        }
    }

    private static List<String> markerLines(Path marker) throws IOException {
        return Files.exists(marker) ? Files.readAllLines(marker) : List.of();
    }

    @Test
    void extractsIntoAFreshPrivateUnpredictableDirectoryAndCleansUp(@TempDir Path work) throws Exception {
        assumeTrue(gccProblem == null, () -> "needs gcc to build a probe library: " + gccProblem);
        useWorkdir(work);
        URL url = good.toUri().toURL();
        int before = markerLines(goodMarker).size();
        NativeLibraryLoader.extractAndLoad(url, FILE);
        NativeLibraryLoader.extractAndLoad(url, FILE);
        List<String> lines = markerLines(goodMarker).subList(before, before + 2);
        Path first = null;
        for (String line : lines) {
            String[] f = line.split(" ");
            Path loaded = Path.of(f[0]);
            Path dir = loaded.getParent();
            assertEquals(FILE, loaded.getFileName().toString(), line);
            assertEquals(work.toRealPath(), dir.getParent().toRealPath(), "extracted outside the workdir: " + line);
            assertTrue(dir.getFileName().toString().matches("caio-native-[0-9]{6,}"),
                    "directory name is not random: " + dir);
            assertEquals("700", f[1], "extraction directory mode: " + line);
            assertEquals(String.valueOf(uid()), f[2], "extraction directory owner: " + line);
            if (first == null) {
                first = dir;
            } else {
                assertNotEquals(first, dir, "two extractions reused one directory");
            }
        }
        try (Stream<Path> left = Files.list(work)) {
            assertEquals(List.of(), left.toList(), "extraction left files behind");
        }
    }

    @Test
    void plantedFilesAndSymlinksAreNeitherFollowedNorLoaded(@TempDir Path work) throws Exception {
        assumeTrue(gccProblem == null, () -> "needs gcc to build a probe library: " + gccProblem);
        useWorkdir(work);
        Path elsewhere = Files.createDirectories(build.resolve("attacker"));
        Path target = elsewhere.resolve("victim.so");
        Files.writeString(target, "not a library");
        // The hostile library at every predictable name: the library's file name, and links to it and to a target.
        Path plantedFile = work.resolve(FILE);
        Files.copy(hostile, plantedFile);
        Path plantedLink = Files.createSymbolicLink(work.resolve("caio-native-" + FILE), hostile);
        Path plantedDirLink = Files.createSymbolicLink(work.resolve("caio-native-0"), elsewhere);
        Path plantedFileLink = Files.createSymbolicLink(work.resolve("caio-native.so"), target);
        plantedLinks.addAll(List.of(plantedLink, plantedDirLink, plantedFileLink));
        byte[] hostileBytes = Files.readAllBytes(hostile);

        int before = markerLines(goodMarker).size();
        NativeLibraryLoader.extractAndLoad(good.toUri().toURL(), FILE);

        assertEquals(List.of(), markerLines(hostileMarker), "a planted library was loaded");
        assertEquals(before + 1, markerLines(goodMarker).size(), "the real library was not loaded");
        String loaded = markerLines(goodMarker).get(before).split(" ")[0];
        assertFalse(Path.of(loaded).getParent().equals(work), "loaded straight from the workdir: " + loaded);
        assertArrayEquals(hostileBytes, Files.readAllBytes(plantedFile), "planted file was modified");
        assertEquals(hostile, Files.readSymbolicLink(plantedLink));
        assertEquals(elsewhere, Files.readSymbolicLink(plantedDirLink));
        assertEquals(target, Files.readSymbolicLink(plantedFileLink));
        assertEquals("not a library", Files.readString(target), "a link target was written through");
        try (Stream<Path> s = Files.list(elsewhere)) {
            assertEquals(List.of(target), s.toList(), "something was created through a planted directory link");
        }
        try (Stream<Path> s = Files.list(work)) {
            assertEquals(4, s.count(), "extraction left files behind or removed planted ones");
        }
    }

    @Test
    void aWorkdirThatIsNotADirectoryFailsInsteadOfBeingFollowed(@TempDir Path work) throws Exception {
        assumeTrue(gccProblem == null, () -> "needs gcc to build a probe library: " + gccProblem);
        Path notADir = work.resolve("file");
        Files.writeString(notADir, "x");
        useWorkdir(notADir);
        assertThrows(IOException.class, () -> NativeLibraryLoader.extractAndLoad(good.toUri().toURL(), FILE));
        assertEquals("x", Files.readString(notADir));
    }

    @Test
    @Tag("system") // mounts a file system: runs only with -Psystem-tests (docs/testing.md)
    void aNoexecWorkdirIsNamedWithTheFix(@TempDir Path work) throws Exception {
        assumeTrue(gccProblem == null, () -> "needs gcc to build a probe library: " + gccProblem);
        assumeTrue(uid() == 0, "needs root to mount a noexec tmpfs");
        Path mnt = Files.createDirectories(work.resolve("noexec"));
        SystemChange tmpfs;
        try {
            tmpfs = SystemChange.tmpfs(mnt, "size=1m,noexec"); // unmounted by a guardian even if this JVM dies
        } catch (IOException e) {
            throw new TestAbortedException("cannot mount a tmpfs here: " + e.getMessage());
        }
        try (tmpfs) {
            useWorkdir(mnt);
            UnsatisfiedLinkError e = assertThrows(UnsatisfiedLinkError.class,
                    () -> NativeLibraryLoader.extractAndLoad(good.toUri().toURL(), FILE));
            assertTrue(e.getMessage().contains("is mounted noexec") && e.getMessage().contains(mnt.toString())
                    && e.getMessage().contains(NativeLibraryLoader.WORKDIR_PROPERTY), e.getMessage());
            try (Stream<Path> s = Files.list(mnt)) {
                assertEquals(List.of(), s.toList(), "a failed extraction left files behind");
            }
        }
    }

    @Test
    void extractionDirectoryPermissionsAreExactlyOwnerOnly(@TempDir Path work) throws Exception {
        // The same call the loader makes, observed without a race: the directory exists before anything is written.
        Path dir = Files.createTempDirectory(work, "caio-native-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        assertEquals("rwx------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS)));
    }

    // ------------------------------------------------------------------ MountInfo

    private static final String ROOT = "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw";

    @Test
    void mountInfoFindsTheNoexecMountHoldingADirectory() {
        List<String> info = List.of(ROOT,
                "36 22 0:30 / /tmp rw,nosuid,nodev,noexec,relatime shared:2 - tmpfs tmpfs rw",
                "37 36 0:31 / /tmp/exec rw,relatime shared:3 - tmpfs tmpfs rw",
                "38 22 0:32 / /tmpfoo rw,noexec - tmpfs tmpfs rw",
                "39 22 0:33 / /mnt/my\\040dir rw,noexec master:1 - ext3 /dev/root rw,errors=continue",
                "40 22 0:34 / /opt rw,noexec - tmpfs tmpfs rw",
                "41 22 0:35 / /opt rw - tmpfs tmpfs rw",
                "42 22 0:36 / /srv rw,xnoexec,noexecx - tmpfs tmpfs rw",
                "garbage",
                "");
        assertEquals("/tmp", MountInfo.noexecMountOf("/tmp/caio-native-1", info));
        assertEquals("/tmp", MountInfo.noexecMountOf("/tmp", info));
        assertEquals(null, MountInfo.noexecMountOf("/tmp/exec/caio-native-1", info), "nested exec mount");
        assertEquals(null, MountInfo.noexecMountOf("/tmpf/x", info), "prefix of another mount's name");
        assertEquals("/tmpfoo", MountInfo.noexecMountOf("/tmpfoo/x", info));
        assertEquals("/mnt/my dir", MountInfo.noexecMountOf("/mnt/my dir/x", info), "\\040 in a mount point");
        assertEquals(null, MountInfo.noexecMountOf("/opt/x", info), "the later mount over /opt is exec");
        assertEquals(null, MountInfo.noexecMountOf("/srv/x", info), "noexec must be a whole option");
        assertEquals(null, MountInfo.noexecMountOf("/home/x", info));
        assertEquals("/", MountInfo.noexecMountOf("/x",
                List.of("22 1 8:1 / / rw,noexec shared:1 - ext4 /dev/sda1 rw")));
        assertEquals(null, MountInfo.noexecMountOf("/x", List.of()));
    }

    @Test
    void mountInfoDecodesEveryOctalEscapeOfAMountPoint() {
        // The kernel escapes space, tab, newline and backslash in mountinfo as \040 \011 \012 \134.
        List<String> info = List.of(ROOT,
                "40 22 0:34 / /mnt/a\\011b rw,noexec - tmpfs tmpfs rw",
                "41 22 0:35 / /mnt/back\\134slash rw,noexec - tmpfs tmpfs rw",
                "42 22 0:36 / /mnt/new\\012line rw,noexec - tmpfs tmpfs rw");
        assertEquals("/mnt/a\tb", MountInfo.noexecMountOf("/mnt/a\tb/x", info));
        assertEquals("/mnt/back\\slash", MountInfo.noexecMountOf("/mnt/back\\slash/x", info));
        assertEquals("/mnt/new\nline", MountInfo.noexecMountOf("/mnt/new\nline/x", info));
    }

    @Test
    void mountInfoOfThisProcessAnswersForTheTempDir(@TempDir Path dir) {
        String m = MountInfo.noexecMountOf(dir);
        assertTrue(m == null || dir.toString().startsWith(m), String.valueOf(m));
    }

    // ------------------------------------------------------------------ Arch

    @Test
    void archNormalizesTheNamesTheJvmsReport() {
        assertEquals("x86_64", Arch.normalize("amd64"));
        assertEquals("x86_64", Arch.normalize("AMD64"));
        assertEquals("x86_64", Arch.normalize("x86_64"));
        assertEquals("x86_64", Arch.normalize("x86-64"));
        assertEquals("aarch_64", Arch.normalize("aarch64"));
        assertEquals("aarch_64", Arch.normalize("arm64"));
        assertEquals("aarch_64", Arch.normalize("ARM64"));
        assertEquals("aarch_64", Arch.normalize("aarch_64"));
        assertEquals("ppc64le", Arch.normalize("ppc64le"));
        assertEquals("s390x", Arch.normalize("s390x"));
        assertEquals("", Arch.normalize(""));
        assertEquals("x86_64etc", Arch.normalize("x86_64/../../etc"), "path characters are stripped");
        assertFalse(Arch.normalize("../evil").contains("/"), "no path separators survive");
        assertTrue(Arch.libraryFileName("thread").matches("libthread_[a-z0-9_]+\\.so"));
    }

    // ------------------------------------------------------------------ helpers

    private static int uid() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("Uid:")) {
                return Integer.parseInt(l.split("\\s+")[1]);
            }
        }
        return -1;
    }

}
