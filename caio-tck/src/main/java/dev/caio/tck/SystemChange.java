package dev.caio.tck;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A system-wide change for a test (a sysctl, a mount) that is undone even if the test JVM is killed. The change is
 * made by a guardian {@code bash} whose {@code EXIT} trap undoes it; the guardian then waits for its standard input to
 * close. {@link #close()} closes it, and so does the kernel when this JVM dies, however it dies, so the undo never
 * depends on this JVM surviving ({@code SIGINT}, {@code SIGTERM} and {@code SIGHUP} of the guardian itself undo too;
 * only a {@code SIGKILL} of the guardian would not). Needs root; tests using it are tagged {@code system} and run
 * only in the {@code system-tests} profile (see {@code docs/testing.md}).
 *
 * <pre>{@code
 * try (SystemChange c = SystemChange.sysctl(Path.of("/proc/sys/fs/aio-max-nr"), "0")) {
 *     ... // io_setup fails with EAGAIN here
 * }   // the old value is back
 * }</pre>
 *
 * @since 0.1
 */
public final class SystemChange implements AutoCloseable {
    private final Process guardian;
    private final String what;
    private final List<String> output;

    private SystemChange(Process guardian, String what, List<String> output) {
        this.guardian = guardian;
        this.what = what;
        this.output = output;
    }

    /**
     * Writes {@code value} into {@code file} (under {@code /proc/sys}); the old value is written back on
     * {@link #close()} or when this JVM dies.
     *
     * @param file the {@code /proc/sys} file, such as {@code /proc/sys/fs/aio-max-nr}
     * @param value the value to write
     * @return the change, in effect; the caller closes it to undo it
     * @throws IOException if the value cannot be read or written (not root, a read-only {@code /proc/sys}); the
     *         message has the guardian's exit status and output, and nothing is left changed
     */
    public static SystemChange sysctl(Path file, String value) throws IOException {
        return start("sysctl " + file + "=" + value,
                "orig=$(cat \"$1\") && applied=1 && echo \"$2\" > \"$1\"",
                "echo \"$orig\" > \"$1\"", file.toString(), value);
    }

    /**
     * Mounts a tmpfs with {@code options} (such as {@code "size=1m,noexec"}) on the existing directory {@code dir};
     * it is unmounted (lazily if still busy) on {@link #close()} or when this JVM dies.
     *
     * @param dir the mount point, an existing directory
     * @param options the tmpfs mount options
     * @return the change, in effect; the caller closes it to unmount
     * @throws IOException if it cannot be mounted (not root, no {@code CAP_SYS_ADMIN} in a container); the message
     *         has the guardian's exit status and {@code mount}'s output
     */
    public static SystemChange tmpfs(Path dir, String options) throws IOException {
        return start("tmpfs on " + dir + " (" + options + ")",
                "mount -t tmpfs -o \"$2\" tmpfs \"$1\" && applied=1",
                "umount \"$1\" 2>/dev/null || umount -l \"$1\"", dir.toString(), options);
    }

    /**
     * Runs {@code apply} (which sets {@code applied=1} once there is something to undo) under a guardian whose EXIT
     * trap then runs {@code undo}; returns once {@code apply} succeeded. {@code args} are {@code $1, $2, ...}.
     */
    private static SystemChange start(String what, String apply, String undo, String... args) throws IOException {
        String script = "applied=0\n"
                + "trap 'st=$?; if [ \"$applied\" = 1 ]; then { " + undo + "; } || st=70; fi; exit $st' EXIT\n"
                + "trap 'exit 129' HUP; trap 'exit 130' INT; trap 'exit 143' TERM\n"
                + "{ " + apply + "; } || exit 71\n"
                + "echo caio-guardian-ready\n"
                + "read -r _ || true\n";
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", script, "caio-guardian"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.equals("caio-guardian-ready")) {
                return new SystemChange(p, what, output);
            }
            output.add(line);
        }
        int status = waitFor(p);
        throw new IOException(what + " failed (guardian exit " + status + "): " + String.join("\n", output));
    }

    private static int waitFor(Process p) throws IOException {
        try {
            if (!p.waitFor(1, TimeUnit.MINUTES)) {
                p.destroy();
                throw new IOException("the guardian did not exit within a minute");
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the guardian undoes the change", e);
        }
    }

    /**
     * Undoes the change and waits for that.
     *
     * @throws IOException if the undo failed (the guardian's exit status and output are in the message), or the
     *         guardian did not finish within a minute
     */
    @Override
    public void close() throws IOException {
        guardian.getOutputStream().close();
        int status = waitFor(guardian);
        if (status != 0) {
            String rest = new String(guardian.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            throw new IOException("undoing " + what + " failed (guardian exit " + status + "): "
                    + String.join("\n", output) + rest);
        }
    }
}
