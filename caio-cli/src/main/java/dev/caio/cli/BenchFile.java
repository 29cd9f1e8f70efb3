package dev.caio.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/**
 * The file a benchmark runs on: the one given, or a temporary file that {@link #close()} deletes. Either is filled
 * with random data up to the benchmark size when it is shorter, so reads hit allocated blocks. A file that cannot be
 * created, written or read is reported as a {@link FileError}.
 */
public final class BenchFile implements AutoCloseable {
    private static final int CHUNK = 1 << 20;

    private final Path path;
    private final boolean temporary;

    private BenchFile(Path path, boolean temporary) {
        this.path = path;
        this.temporary = temporary;
    }

    /**
     * Prepares {@code path} (or, when null, a new temporary file in {@code java.io.tmpdir}) with at least
     * {@code size} bytes, showing the filling on {@code err}; with {@code cached}, then reads those bytes once, so
     * that a buffered run's first case finds them in the page cache as its last does, whatever ran in between.
     *
     * @throws FileError if the file cannot be created, written or read
     */
    public static BenchFile prepare(Path path, long size, boolean cached, PrintWriter err, boolean interactive)
            throws FileError {
        boolean temporary = path == null;
        Path file;
        try {
            file = temporary ? Files.createTempFile("caio-bench-", ".dat") : path;
        } catch (IOException e) {
            throw new FileError(Path.of(System.getProperty("java.io.tmpdir")), e);
        }
        if (temporary) {
            file.toFile().deleteOnExit();
        }
        BenchFile bench = new BenchFile(file, temporary);
        try {
            fill(file, size, new ProgressBar(err, interactive, "preparing " + file));
            if (cached) {
                readThrough(file, size, new ProgressBar(err, interactive, "caching " + file));
            }
        } catch (IOException e) {
            bench.deleteQuietly();
            throw new FileError(file, e);
        } catch (RuntimeException e) {
            bench.deleteQuietly();
            throw e;
        }
        return bench;
    }

    /** Writes random data from the current end of {@code file} up to {@code size}. */
    private static void fill(Path file, long size, ProgressBar progress) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long position = ch.size();
            if (position >= size) {
                progress.finish("already " + SizeParser.format(ch.size()) + ", kept");
                return;
            }
            SplittableRandom random = new SplittableRandom();
            byte[] chunk = new byte[CHUNK];
            ByteBuffer buffer = ByteBuffer.wrap(chunk);
            while (position < size) {
                random.nextBytes(chunk);
                buffer.clear().limit((int) Math.min(CHUNK, size - position));
                while (buffer.hasRemaining()) {
                    position += ch.write(buffer, position);
                }
                progress.update((double) position / size);
            }
            progress.finish("wrote " + SizeParser.format(size));
        }
    }

    /** Reads {@code [0, size)} of {@code file} once, into the page cache. */
    private static void readThrough(Path file, long size, ProgressBar progress) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
            long position = 0;
            while (position < size) {
                buffer.clear().limit((int) Math.min(CHUNK, size - position));
                int n = ch.read(buffer, position);
                if (n < 0) {
                    break;
                }
                position += n;
                progress.update((double) position / size);
            }
            progress.finish("read " + SizeParser.format(position));
        }
    }

    /** The file's path. */
    public Path path() {
        return path;
    }

    /** Deletes a temporary file after a failure, whose report matters more than the deletion's. */
    private void deleteQuietly() {
        try {
            close();
        } catch (IOException ignored) {
            // deleteOnExit tries again
        }
    }

    /** Deletes the file if it is a temporary one; a given file is left in place. */
    @Override
    public void close() throws IOException {
        if (temporary) {
            Files.deleteIfExists(path);
        }
    }
}
