package dev.caio.nio;

import dev.caio.AsyncFileContext;
import dev.caio.CaioIOException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs one call sequence on the JDK's {@link FileChannel} and on a {@link CaioFileChannel}, each on its own copy of
 * the same file, and describes every outcome (value or exception type, then position and size) so that the two
 * traces can be compared line by line; the files' bytes are compared at the end.
 */
final class Differential {
    /** One call on a channel; its result is described by {@link #describe}. */
    interface Step {
        Object apply(FileChannel ch) throws Exception;
    }

    /** A named step, for traces a human can read. */
    record Named(String name, Step step) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<String> IMPLEMENTATIONS = List.of("java", "thread", "linux", "uring");

    private Differential() {
    }

    /** The implementations that can create a context here. */
    static List<String> available() {
        List<String> out = new ArrayList<>();
        for (String impl : IMPLEMENTATIONS) {
            try (AsyncFileContext ctx = AsyncFileContext.create(impl, 8)) {
                out.add(ctx.implementation());
            } catch (RuntimeException e) {
                // not available here: the suite runs on the others
            }
        }
        return out;
    }

    /** Both traces and both files' bytes after {@code steps}, opened with {@code options} on copies of {@code initial}. */
    static Result run(AsyncFileContext ctx, Path dir, byte[] initial, Set<? extends OpenOption> options,
                      List<Named> steps) throws IOException {
        Path a = Files.write(dir.resolve("jdk-" + System.nanoTime()), initial);
        Path b = Files.write(dir.resolve("caio-" + System.nanoTime()), initial);
        List<String> jdk;
        List<String> caio;
        try (FileChannel ch = FileChannel.open(a, options)) {
            jdk = trace(ch, steps);
        }
        try (FileChannel ch = CaioFileChannel.open(ctx, b, options)) {
            caio = trace(ch, steps);
        }
        return new Result(jdk, caio, bytes(a), bytes(b));
    }

    record Result(List<String> jdk, List<String> caio, byte[] jdkBytes, byte[] caioBytes) {
        boolean same() {
            return jdk.equals(caio) && Arrays.equals(jdkBytes, caioBytes);
        }

        String diff() {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < Math.max(jdk.size(), caio.size()); i++) {
                String x = i < jdk.size() ? jdk.get(i) : "-";
                String y = i < caio.size() ? caio.get(i) : "-";
                s.append(x.equals(y) ? "   " : "!! ").append("jdk: ").append(x).append('\n');
                if (!x.equals(y)) {
                    s.append("   caio: ").append(y).append('\n');
                }
            }
            if (!Arrays.equals(jdkBytes, caioBytes)) {
                s.append("file bytes differ: jdk ").append(jdkBytes.length).append(" B, caio ")
                        .append(caioBytes.length).append(" B\n");
            }
            return s.toString();
        }
    }

    static List<String> trace(FileChannel ch, List<Named> steps) {
        List<String> out = new ArrayList<>();
        for (Named s : steps) {
            String outcome;
            try {
                outcome = describe(s.step().apply(ch));
            } catch (Exception e) {
                outcome = kind(e);
            } finally {
                Thread.interrupted(); // a step that interrupted itself must not leak into the next
            }
            out.add(s + " -> " + outcome + state(ch));
        }
        return out;
    }

    /** An exception's type; a {@link CaioIOException} counts as the plain {@link IOException} the JDK throws. */
    static String kind(Throwable e) {
        return e instanceof CaioIOException ? IOException.class.getName() : e.getClass().getName();
    }

    static String describe(Object r) {
        if (r instanceof byte[] a) {
            return Arrays.toString(a);
        }
        if (r instanceof FileChannel) {
            return "this";
        }
        return String.valueOf(r);
    }

    private static String state(FileChannel ch) {
        if (!ch.isOpen()) {
            return " [closed]";
        }
        try {
            return " [pos " + ch.position() + ", size " + ch.size() + "]";
        } catch (IOException e) {
            return " [" + kind(e) + "]";
        }
    }

    private static byte[] bytes(Path p) throws IOException {
        return Files.exists(p) ? Files.readAllBytes(p) : new byte[] {'g', 'o', 'n', 'e'};
    }

    static Set<OpenOption> options(OpenOption... o) {
        return new HashSet<>(Arrays.asList(o));
    }
}
