package dev.caio.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Child JVMs for tests that need a JVM of their own (a lower limit, another library path, a fresh probe): the command
 * line this JVM's tests run with, and a bounded run that fails the test on a hang or a non-zero exit.
 */
final class ChildJvm {
    private ChildJvm() {
    }

    /**
     * {@code java} of this JVM with {@code -Xcheck:jni}, an error file under {@code errorDir}, native access on JDK
     * 24+, then {@code options}, then the test class path; append the main class and its arguments.
     */
    static List<String> command(Path errorDir, String... options) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xcheck:jni", "-XX:ErrorFile=" + errorDir.resolve("hs_err_%p.log")));
        if (Runtime.version().feature() >= 24) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))));
        return cmd;
    }

    /**
     * Runs {@code cmd} in {@code dir} (null: this JVM's) with {@code env} added, waits a bounded time, prints and
     * returns its output; fails the test if it hangs or exits with a non-zero status.
     */
    static String run(List<String> cmd, Path dir, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        pb.environment().putAll(env);
        Process p = pb.start();
        boolean done = p.waitFor(2 * Impls.WAIT_SECONDS, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println("[caio-it] child " + cmd.get(cmd.size() - 1) + ":\n" + out.strip().indent(2));
        assertTrue(done, "child JVM hung:\n" + out);
        assertEquals(0, p.exitValue(), "child JVM failed (crash?):\n" + out);
        return out;
    }
}
