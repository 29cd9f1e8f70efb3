package dev.caio.cli;

import dev.caio.DirectFile;
import java.nio.ByteBuffer;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What every case of one {@code caio bench} run shares: the file, how much of it to use, whether I/O bypasses the
 * page cache, and how long to warm up and measure.
 *
 * @param path the prepared file
 * @param fileSize bytes of the file to use
 * @param direct whether to open it with {@code O_DIRECT}
 * @param warmupNanos warm-up before measuring
 * @param measureNanos measured time per case
 */
public record BenchEnv(Path path, long fileSize, boolean direct, long warmupNanos, long measureNanos) {
    /** Alignment of buffers, offsets and lengths under {@code O_DIRECT}. */
    public static final int DIRECT_ALIGNMENT = 4096;

    /** Starts the clock of a case. */
    public Measurement startMeasurement() {
        return new Measurement(warmupNanos, measureNanos);
    }

    /** A direct buffer of {@code size} bytes holding the write pattern; aligned when {@link #direct()}. */
    public ByteBuffer buffer(int size) {
        ByteBuffer buffer = direct ? DirectFile.allocate(size, DIRECT_ALIGNMENT) : ByteBuffer.allocateDirect(size);
        buffer.put(AccessPattern.pattern(size)).clear();
        return buffer;
    }

    /** Options to open the file with through NIO: read, write, and {@code ExtendedOpenOption.DIRECT} if direct. */
    public OpenOption[] channelOptions() {
        return direct
                ? new OpenOption[] {StandardOpenOption.READ, StandardOpenOption.WRITE,
                    com.sun.nio.file.ExtendedOpenOption.DIRECT}
                : new OpenOption[] {StandardOpenOption.READ, StandardOpenOption.WRITE};
    }
}
