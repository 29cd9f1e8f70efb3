package dev.caio.tck;

import static dev.caio.tck.TckSupport.contentOf;
import static dev.caio.tck.TckSupport.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.caio.AsyncFileContext;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules r2: buffers are filled and consumed from their position to their limit, positions advance by the count, and
 * results never share memory. If these fail, check position arithmetic and the staging of heap memory.
 *
 * @since 0.1
 */
public interface BufferRules extends TckSupport {

    private static ByteBuffer buffer(boolean direct, int capacity) {
        return direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
    }

    /**
     * r2.1 a buffer read fills from the position up to the limit, and advances the position.
     *
     * @param direct whether the buffer is direct rather than heap
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("r2.1 a buffer read fills from the position up to the limit, and advances the position")
    default void required_r2_1_bufferReadFillsFromPosition(boolean direct, @TempDir Path dir) throws Exception {
        byte[] data = pattern(300, 21);
        try (AsyncFileContext ctx = context(); RandomAccessFile f = fileWith(dir, data)) {
            ByteBuffer b = buffer(direct, 64);
            for (int i = 0; i < 64; i++) {
                b.put(i, (byte) 0x55);
            }
            b.position(10).limit(50);
            assertEquals(40, await(ctx.read(b, f.getFD(), 100)));
            assertEquals(50, b.position(), "position advanced by the count");
            assertEquals(50, b.limit(), "limit unchanged");
            byte[] got = new byte[64];
            b.duplicate().clear().get(0, got);
            byte[] expected = new byte[64];
            Arrays.fill(expected, (byte) 0x55);
            System.arraycopy(data, 100, expected, 10, 40);
            assertArrayEquals(expected, got, "bytes outside [position, limit) untouched");
        }
    }

    /**
     * r2.2 a buffer read at end of file is short and advances the position by the short count.
     *
     * @param direct whether the buffer is direct rather than heap
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("r2.2 a buffer read at end of file is short and advances the position by the short count")
    default void required_r2_2_bufferReadAtEofIsShort(boolean direct, @TempDir Path dir) throws Exception {
        try (AsyncFileContext ctx = context(); RandomAccessFile f = fileWith(dir, "hello".getBytes())) {
            ByteBuffer b = buffer(direct, 100);
            assertEquals(3, await(ctx.read(b, f.getFD(), 2)));
            assertEquals(3, b.position());
            assertEquals(0, await(ctx.read(b, f.getFD(), 5)));
            assertEquals(3, b.position());
        }
    }

    /**
     * r2.3 a buffer write consumes from the position to the limit, and advances the position.
     *
     * @param kind the source buffer: {@code heap}, {@code direct}, or a read-only view of either
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @ParameterizedTest(name = "kind={0}")
    @ValueSource(strings = {"heap", "direct", "readonly-heap", "readonly-direct"})
    @DisplayName("r2.3 a buffer write consumes from the position to the limit, and advances the position")
    default void required_r2_3_bufferWriteConsumesFromPosition(String kind, @TempDir Path dir) throws Exception {
        byte[] data = pattern(64, 23);
        try (AsyncFileContext ctx = context(); RandomAccessFile f = fileWith(dir, new byte[0])) {
            ByteBuffer b = buffer(kind.endsWith("direct"), 64);
            b.put(0, data);
            b.position(8).limit(40);
            ByteBuffer src = kind.startsWith("readonly") ? b.asReadOnlyBuffer() : b;
            assertEquals(32, await(ctx.write(src, f.getFD(), 3)));
            assertEquals(40, src.position());
            byte[] expected = new byte[35];
            System.arraycopy(data, 8, expected, 3, 32);
            assertArrayEquals(expected, contentOf(f));
        }
    }

    /**
     * r2.4 reading into a read-only buffer is refused with IllegalArgumentException.
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r2.4 reading into a read-only buffer is refused with IllegalArgumentException")
    default void required_r2_4_readIntoReadOnlyBufferIsRefused(@TempDir Path dir) throws Exception {
        try (AsyncFileContext ctx = context(); RandomAccessFile f = fileWith(dir, "x".getBytes())) {
            assertThrows(IllegalArgumentException.class,
                    () -> ctx.read(ByteBuffer.allocate(4).asReadOnlyBuffer(), f.getFD(), 0));
            assertThrows(IllegalArgumentException.class,
                    () -> ctx.read(ByteBuffer.allocateDirect(4).asReadOnlyBuffer(), f.getFD(), 0));
        }
    }

    /**
     * r2.5 every read result is its own array: concurrent reads of different chunks never alias.
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r2.5 every read result is its own array: concurrent reads of different chunks never alias")
    default void required_r2_5_readResultsNeverAlias(@TempDir Path dir) throws Exception {
        int chunk = 8192;
        int chunks = 64;
        byte[] data = pattern(chunk * chunks, 25);
        try (AsyncFileContext ctx = context(); RandomAccessFile f = fileWith(dir, data)) {
            @SuppressWarnings("unchecked")
            CompletableFuture<byte[]>[] reads = new CompletableFuture[chunks];
            for (int i = 0; i < chunks; i++) {
                reads[i] = ctx.read(chunk, f.getFD(), (long) i * chunk);
            }
            byte[][] results = new byte[chunks][];
            for (int i = 0; i < chunks; i++) {
                results[i] = await(reads[i]);
            }
            for (int i = 0; i < chunks; i++) {
                assertArrayEquals(Arrays.copyOfRange(data, i * chunk, (i + 1) * chunk), results[i], "chunk " + i);
                if (i > 0) {
                    assertNotSame(results[i - 1], results[i]);
                }
            }
        }
    }

    /**
     * r2.6 a write's payload is the bytes given: changing the array after completion changes nothing.
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r2.6 a write's payload is the bytes given: changing the array after completion changes nothing")
    default void required_r2_6_writeTakesThePayloadAsGiven(@TempDir Path dir) throws Exception {
        try (AsyncFileContext ctx = context(); RandomAccessFile f = fileWith(dir, new byte[0])) {
            byte[] payload = pattern(4096, 26);
            byte[] copy = payload.clone();
            await(ctx.write(payload, f.getFD(), 0));
            Arrays.fill(payload, (byte) 0);
            assertArrayEquals(copy, contentOf(f));
        }
    }
}
