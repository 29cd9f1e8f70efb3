package dev.caio.nio;

import dev.caio.AsyncFileContext;
import dev.caio.CaioIOException;
import java.io.IOException;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.Channel;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * Runs one call sequence on a JDK channel and on its caio counterpart, each on its own copy of the same file, and
 * describes every outcome (value or exception type, then the channel's state) so that the two traces can be compared
 * line by line; the files' bytes are compared at the end.
 */
final class Differential {
    /** One call on a channel; its result is described by {@link #describe}. */
    interface Step<C> {
        Object apply(C ch) throws Exception;
    }

    /** A named step, for traces a human can read. */
    record Named<C>(String name, Step<C> step) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** How a kind of channel is opened, by the JDK and by caio, and what of its state each trace line shows. */
    interface Kind<C extends Channel> {
        C jdk(Path p, Set<? extends OpenOption> options) throws IOException;

        C caio(AsyncFileContext ctx, Path p, Set<? extends OpenOption> options) throws IOException;

        String state(C ch) throws IOException;
    }

    static final Kind<FileChannel> FILE_CHANNEL = new Kind<>() {
        @Override
        public FileChannel jdk(Path p, Set<? extends OpenOption> options) throws IOException {
            return FileChannel.open(p, options);
        }

        @Override
        public FileChannel caio(AsyncFileContext ctx, Path p, Set<? extends OpenOption> options) throws IOException {
            return CaioFileChannel.open(ctx, p, options);
        }

        @Override
        public String state(FileChannel ch) throws IOException {
            return "pos " + ch.position() + ", size " + ch.size();
        }
    };

    static final Kind<AsynchronousFileChannel> ASYNC_CHANNEL = new Kind<>() {
        @Override
        public AsynchronousFileChannel jdk(Path p, Set<? extends OpenOption> options) throws IOException {
            return AsynchronousFileChannel.open(p, options, null);
        }

        @Override
        public AsynchronousFileChannel caio(AsyncFileContext ctx, Path p, Set<? extends OpenOption> options)
                throws IOException {
            return CaioAsynchronousFileChannel.open(ctx, p, options, null);
        }

        @Override
        public String state(AsynchronousFileChannel ch) throws IOException {
            return "size " + ch.size();
        }
    };

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
    static <C extends Channel> Result run(Kind<C> kind, AsyncFileContext ctx, Path dir, byte[] initial,
                                          Set<? extends OpenOption> options, List<Named<C>> steps)
            throws IOException {
        Path a = Files.write(dir.resolve("jdk-" + System.nanoTime()), initial);
        Path b = Files.write(dir.resolve("caio-" + System.nanoTime()), initial);
        List<String> jdk;
        List<String> caio;
        jdk = onOwnThread(() -> {
            try (C ch = kind.jdk(a, options)) {
                return trace(kind, ch, steps);
            }
        });
        caio = onOwnThread(() -> {
            try (C ch = kind.caio(ctx, b, options)) {
                return trace(kind, ch, steps);
            }
        });
        return new Result(jdk, caio, bytes(a), bytes(b));
    }

    /**
     * Runs one trace on a thread of its own: the JDK keeps per-thread temporary direct buffers, and on JDK 17 a
     * heap-buffer read under {@code O_DIRECT} leaves an aligned slice there that a later read on the same thread
     * fails to free (a {@code NullPointerException} in {@code sun.nio.ch.Util.free}).
     */
    private static List<String> onOwnThread(java.util.concurrent.Callable<List<String>> trace) throws IOException {
        java.util.concurrent.FutureTask<List<String>> task = new java.util.concurrent.FutureTask<>(trace);
        Thread t = new Thread(task, "differential-trace");
        t.start();
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    record Result(List<String> jdk, List<String> caio, byte[] jdkBytes, byte[] caioBytes) {
        boolean same() {
            return jdk.equals(caio) && Arrays.equals(jdkBytes, caioBytes);
        }

        String diff() {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < Math.max(jdk.size(), caio.size()); i++) {
                String x = shorter(i < jdk.size() ? jdk.get(i) : "-");
                String y = shorter(i < caio.size() ? caio.get(i) : "-");
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

    private static String shorter(String line) {
        return line.length() <= 400 ? line : line.substring(0, 300) + " ... " + line.substring(line.length() - 60);
    }

    static <C extends Channel> List<String> trace(Kind<C> kind, C ch, List<Named<C>> steps) {
        List<String> out = new ArrayList<>();
        for (Named<C> s : steps) {
            String outcome;
            try {
                outcome = describe(s.step().apply(ch));
            } catch (Exception e) {
                outcome = kind(e);
            } finally {
                Thread.interrupted(); // a step that interrupted itself must not leak into the next
            }
            out.add(s + " -> " + outcome + state(kind, ch));
        }
        return out;
    }

    /**
     * An exception's type; a {@link CaioIOException} counts as the plain {@link IOException} the JDK throws, and an
     * {@link ExecutionException} shows its cause's.
     */
    static String kind(Throwable e) {
        if (e instanceof ExecutionException x) {
            return "ExecutionException(" + kind(x.getCause()) + ")";
        }
        return e instanceof CaioIOException ? IOException.class.getName() : e.getClass().getName();
    }

    static String describe(Object r) {
        if (r instanceof byte[] a) {
            return Arrays.toString(a);
        }
        if (r instanceof Channel) {
            return "this";
        }
        return String.valueOf(r);
    }

    private static <C extends Channel> String state(Kind<C> kind, C ch) {
        if (!ch.isOpen()) {
            return " [closed]";
        }
        try {
            return " [" + kind.state(ch) + "]";
        } catch (IOException e) {
            return " [" + kind(e) + "]";
        }
    }

    private static byte[] bytes(Path p) throws IOException {
        return Files.exists(p) ? Files.readAllBytes(p) : new byte[] {'g', 'o', 'n', 'e'};
    }

    /** {@code n} bytes of a pattern, to start a file with. */
    static byte[] bytes(int n) {
        byte[] a = new byte[n];
        for (int i = 0; i < n; i++) {
            a[i] = (byte) (i * 7 + 1);
        }
        return a;
    }

    /**
     * The JDK's {@code com.sun.nio.file.ExtendedOpenOption.DIRECT}, looked up by name: the tests run inside the
     * {@code dev.caio.nio} module, which does not read {@code jdk.unsupported}.
     */
    static OpenOption directOption() {
        try {
            Class<?> c = Class.forName("com.sun.nio.file.ExtendedOpenOption");
            return (OpenOption) c.getField("DIRECT").get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("this JDK has no ExtendedOpenOption.DIRECT", e);
        }
    }

    static Set<OpenOption> options(OpenOption... o) {
        return new HashSet<>(Arrays.asList(o));
    }
}
