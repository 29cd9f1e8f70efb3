// A block service: request handlers on virtual threads read random 4 KiB blocks of one file through one channel.
// Run it (JDK 21+) after the README's first command:
//   java --enable-native-access=ALL-UNNAMED -cp caio-cli/target/caio.jar examples/BlockService.java [FILE] [SECONDS]
// It prints the reads per second and the platform threads the JVM ran meanwhile. To compare with the JDK's channel,
// change the one marked line back to FileChannel.open.

import dev.caio.nio.CaioFileChannel;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

public class BlockService implements AutoCloseable {
    static final int BLOCK = 4096;

    private final FileChannel channel;
    private final long blocks;

    BlockService(Path file) throws IOException {
        channel = CaioFileChannel.open(file, StandardOpenOption.READ); // was: FileChannel.open(file, READ)
        blocks = channel.size() / BLOCK;
    }

    /** One request: block {@code index} into {@code into}; blocking, as request handlers on virtual threads are. */
    void read(long index, ByteBuffer into) throws IOException {
        into.clear();
        while (into.hasRemaining() && channel.read(into, index * BLOCK + into.position()) >= 0) {
            // a short read continues where it stopped
        }
    }

    long blocks() {
        return blocks;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    public static void main(String[] args) throws Exception {
        Path file = args.length > 0 ? Path.of(args[0]) : Files.createTempFile("blocks", ".dat");
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3;
        if (!Files.exists(file) || Files.size(file) < 64L << 20) {
            Files.write(file, new byte[64 << 20]);
        }
        int handlers = 256;
        LongAdder served = new LongAdder();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        ManagementFactory.getThreadMXBean().resetPeakThreadCount();
        try (BlockService service = new BlockService(file)) {
            try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int h = 0; h < handlers; h++) {
                    requests.submit(() -> {
                        ByteBuffer block = ByteBuffer.allocateDirect(BLOCK);
                        while (System.nanoTime() < end) {
                            service.read(ThreadLocalRandom.current().nextLong(service.blocks()), block);
                            served.increment();
                        }
                        return null;
                    });
                }
            } // waits for every handler
        }
        System.out.printf("%,.0f reads/s from %d virtual threads, at most %d platform threads%n",
                served.sum() / seconds, handlers, ManagementFactory.getThreadMXBean().getPeakThreadCount());
        if (args.length == 0) {
            Files.delete(file);
        }
    }
}
