package dev.caio.internal.natives;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Builds test libraries with gcc whose constructor appends to a marker file: the proof of whether a JVM loaded one. */
final class MarkerLibrary {
    private MarkerLibrary() {
    }

    /**
     * Compiles {@code src} (which writes to the macro {@code MARKER}) into the shared library {@code out}.
     *
     * @return null on success, else why not (no gcc, or its output), for an assumption
     */
    static String compile(Path src, Path out, Path marker) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("gcc", "-shared", "-fPIC", "-o", out.toString(),
                    "-DMARKER=\"" + marker + "\"", src.toString(), "-ldl").redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? null : "gcc failed: " + log;
        } catch (IOException e) {
            return "no gcc: " + e.getMessage();
        }
    }
}
