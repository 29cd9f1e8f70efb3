package dev.caio.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.caio.AsyncFileContext;
import dev.caio.DirectFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Heap arrays and heap buffers against an {@code O_DIRECT} file, on every implementation: each stages heap data in
 * page-aligned memory of its own, so aligned offsets and lengths are all the caller must get right.
 */
class DirectHeapMemoryTest {
    @ParameterizedTest
    @MethodSource("dev.caio.it.Impls#all")
    void heapDataGoesThroughPageAlignedStaging(String impl) throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/var/tmp"), "caio-direct-heap");
        Path p = dir.resolve("f");
        DirectFile file;
        try {
            file = DirectFile.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
        } catch (IOException e) {
            Files.deleteIfExists(dir);
            assumeTrue(false, "no O_DIRECT on /var/tmp here: " + e.getMessage());
            return;
        }
        byte[] data = new byte[3 * 4096];
        new Random(11).nextBytes(data);
        try (file; AsyncFileContext ctx = AsyncFileContext.create(impl, 8)) {
            assertEquals(data.length, ctx.write(data, file.fd(), 4096).get(Impls.WAIT_SECONDS, TimeUnit.SECONDS));
            ByteBuffer heapSrc = ByteBuffer.wrap(data, 4096, 4096).slice();
            assertEquals(4096, ctx.write(heapSrc, file.fd(), 8 * 4096).get(Impls.WAIT_SECONDS, TimeUnit.SECONDS));
            assertArrayEquals(data, ctx.read(data.length, file.fd(), 4096).get(Impls.WAIT_SECONDS, TimeUnit.SECONDS));
            ByteBuffer heapDst = ByteBuffer.allocate(4096);
            assertEquals(4096, ctx.read(heapDst, file.fd(), 8 * 4096).get(Impls.WAIT_SECONDS, TimeUnit.SECONDS));
            assertArrayEquals(java.util.Arrays.copyOfRange(data, 4096, 8192), heapDst.array());
        } finally {
            Files.deleteIfExists(p);
            Files.deleteIfExists(dir);
        }
    }
}
