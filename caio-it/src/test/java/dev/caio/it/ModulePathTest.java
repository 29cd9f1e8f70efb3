package dev.caio.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * caio as a JPMS user takes it: an application module that requires {@code dev.caio.api}, with the backends and
 * {@code dev.caio.natives} on the module path, selects a native backend; on JDK 24+ the flag the README names,
 * {@code --enable-native-access=dev.caio.natives}, is the one that silences the JDK's native-access warning.
 */
class ModulePathTest {
    /** The artifacts an application with every backend has on its module path. */
    private static final List<String> ARTIFACTS = List.of("caio-api", "caio-native", "caio-uring", "caio-linux",
            "caio-thread", "caio-java");
    private static final String MAIN = """
            package app;

            public class Main {
                public static void main(String[] args) throws Exception {
                    java.nio.file.Path p = java.nio.file.Path.of(args[0]);
                    try (var file = dev.caio.OpenFile.open(p, java.nio.file.StandardOpenOption.READ,
                                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.CREATE);
                         var ctx = dev.caio.AsyncFileContext.create()) {
                        ctx.write("module path".getBytes(), file.fd(), 0).join();
                        System.out.println(new String(ctx.read(11, file.fd(), 0).join()) + " via "
                                + ctx.implementation());
                    }
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void anApplicationModuleSelectsANativeBackend() throws Exception {
        String modulePath = caioModules();
        Path out = compile(modulePath);
        List<String> cmd = java(modulePath, out);
        if (Runtime.version().feature() >= 22) {
            cmd.add(1, "--enable-native-access=dev.caio.natives");
        }
        String output = ChildJvm.run(cmd, dir, Map.of());
        assertTrue(output.matches("(?s).*module path via (uring|linux|thread)\\R.*"), output);
        assertFalse(output.contains("WARNING"), "the README's flag leaves no native-access warning:\n" + output);
    }

    @Test
    void withoutTheFlagJdk24WarnsNamingTheModule() throws Exception {
        assumeTrue(Runtime.version().feature() >= 24, "JDK 24+ warns about restricted methods (JEP 472)");
        String modulePath = caioModules();
        String output = ChildJvm.run(java(modulePath, compile(modulePath)), dir, Map.of());
        assertTrue(output.contains("Use --enable-native-access=dev.caio.natives"), output);
    }

    private List<String> java(String modulePath, Path app) {
        return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", modulePath + File.pathSeparator + app, "-m", "app/app.Main",
                dir.resolve("data").toString()));
    }

    private Path compile(String modulePath) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/app"));
        Files.writeString(dir.resolve("src/module-info.java"), "module app { requires dev.caio.api; }\n");
        Files.writeString(src.resolve("Main.java"), MAIN);
        Path out = dir.resolve("out");
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d", out.toString(),
                "--module-path", modulePath, dir.resolve("src/module-info.java").toString(),
                src.resolve("Main.java").toString());
        assertEquals(0, rc, "javac of the application module");
        return out;
    }

    /** The caio modules of this build on the test class path (jars, or class directories), as a module path. */
    private static String caioModules() throws Exception {
        List<String> modules = new ArrayList<>();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : cp.split(File.pathSeparator)) {
            if (isCaioModule(Path.of(entry))) {
                modules.add(entry);
            }
        }
        for (String needed : ARTIFACTS) {
            assertTrue(modules.stream().anyMatch(n -> n.contains(needed)), needed + " not in " + modules);
        }
        return modules.stream().collect(Collectors.joining(File.pathSeparator));
    }

    private static boolean isCaioModule(Path entry) throws Exception {
        String name = entry.toString();
        if (ARTIFACTS.stream().noneMatch(name::contains)) {
            return false;
        }
        if (Files.isDirectory(entry)) {
            return Files.exists(entry.resolve("module-info.class"));
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            return jar.getEntry("module-info.class") != null;
        }
    }
}
