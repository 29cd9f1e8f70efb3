package dev.caio.tck;

import dev.caio.AsyncFileContext;
import dev.caio.ImplementationInfo;
import dev.caio.Selection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Availability is probed once per JVM, so a fallback is proven in a fresh one: {@link #inChildJvm} starts a JVM on the
 * current class path with extra {@code -D} options, whose {@link #main} prints every implementation with its
 * availability or reason, then {@code selected <name> by <rule>}.
 *
 * @since 0.1
 */
public final class SelectionReport {
    private SelectionReport() {
    }

    /**
     * Prints the report of this JVM to standard output: one line per implementation, then the selection.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        for (ImplementationInfo i : AsyncFileContext.implementations()) {
            System.out.println(i.name() + (i.available() ? " available" : " unavailable: " + i.reason()));
        }
        Selection s = AsyncFileContext.selection();
        System.out.println("selected " + s.implementation() + " by " + s.rule());
    }

    /**
     * The report of a child JVM started with {@code jvmOptions}; fails if it does not exit 0 within a minute. Blocks
     * the calling thread until the child has exited.
     *
     * @param jvmOptions options placed before the class path, such as {@code -Dcaio.impl=java}
     * @return what the child printed, standard error included
     * @throws IOException if the child cannot be started or its output read
     * @throws InterruptedException if the calling thread is interrupted while waiting for the child
     * @throws AssertionError if the child does not exit 0 within a minute; the message holds its command and output
     */
    public static String inChildJvm(String... jvmOptions) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(List.of(jvmOptions));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), SelectionReport.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(1, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new AssertionError("child JVM failed: " + cmd + "\n" + out);
        }
        return out;
    }
}
