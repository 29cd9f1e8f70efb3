package dev.caio.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/** The benchmark data file: filled with random bytes, then read once so that it sits in the page cache. */
final class BenchFiles {
    private BenchFiles() {
    }

    static Path pageCached(long size) throws IOException {
        Path dir = Path.of(System.getProperty("caio.bench.dir", System.getProperty("java.io.tmpdir")));
        Path file = Files.createTempFile(dir, "caio-jmh", ".dat");
        file.toFile().deleteOnExit();
        byte[] chunk = new byte[1 << 20];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            for (long off = 0; off < size; off += chunk.length) {
                ThreadLocalRandom.current().nextBytes(chunk);
                ch.write(ByteBuffer.wrap(chunk), off);
            }
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
            for (long off = 0; off < size; off += b.capacity()) {
                ch.read(b.clear(), off);
            }
        }
        return file;
    }

    /** Random block-aligned offsets, precomputed so that the measured loop draws no random numbers. */
    static long[] offsets(long fileSize, int blockSize, int count) {
        long blocks = fileSize / blockSize;
        long[] o = new long[count];
        for (int i = 0; i < count; i++) {
            o[i] = ThreadLocalRandom.current().nextLong(blocks) * blockSize;
        }
        return o;
    }
}
