package dev.caio.tck;

import static dev.caio.tck.TckSupport.contentOf;
import static dev.caio.tck.TckSupport.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caio.AsyncFileContext;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules r1: reads and writes land where they are asked to and return what is there. If these fail, check the offset
 * and length handed to the kernel and the count reported back.
 *
 * @since 0.1
 */
public interface ReadWriteRules extends TckSupport {

    /**
     * r1.1 reading an empty file gives empty bytes.
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r1.1 reading an empty file gives empty bytes")
    default void required_r1_1_readOfEmptyFileIsEmpty(@TempDir Path dir) throws Exception {
        try (AsyncFileContext ctx = context(); RandomAccessFile f = fileWith(dir, new byte[0])) {
            assertArrayEquals(new byte[0], await(ctx.read(16, f.getFD(), 0)));
        }
    }

    /**
     * r1.2 a write returns its length, lands in the file, and a read returns it.
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r1.2 a write returns its length, lands in the file, and a read returns it")
    default void required_r1_2_writeReturnsLengthAndReadsBack(@TempDir Path dir) throws Exception {
        byte[] data = pattern(1000, 12);
        try (AsyncFileContext ctx = context(); RandomAccessFile f = fileWith(dir, new byte[0])) {
            assertEquals(1000, await(ctx.write(data, f.getFD(), 0)));
            assertArrayEquals(data, contentOf(f), "file content after the write");
            assertArrayEquals(data, await(ctx.read(1000, f.getFD(), 0)));
        }
    }

    /**
     * r1.3 reading 100 bytes of a 5-byte file gives exactly the 5 bytes.
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r1.3 reading 100 bytes of a 5-byte file gives exactly the 5 bytes")
    default void required_r1_3_readPastEofIsShort(@TempDir Path dir) throws Exception {
        try (AsyncFileContext ctx = context(); RandomAccessFile f = fileWith(dir, "hello".getBytes())) {
            assertArrayEquals("hello".getBytes(), await(ctx.read(100, f.getFD(), 0)));
            assertArrayEquals("llo".getBytes(), await(ctx.read(100, f.getFD(), 2)));
        }
    }

    /**
     * r1.4 a read starting past the end of the file is empty.
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r1.4 a read starting past the end of the file is empty")
    default void required_r1_4_readBeyondEofIsEmpty(@TempDir Path dir) throws Exception {
        try (AsyncFileContext ctx = context(); RandomAccessFile f = fileWith(dir, "hello".getBytes())) {
            assertArrayEquals(new byte[0], await(ctx.read(10, f.getFD(), 5)));
            assertArrayEquals(new byte[0], await(ctx.read(10, f.getFD(), 1 << 20)));
        }
    }

    /**
     * r1.5 a zero-byte write returns 0 and a zero-byte read is empty.
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r1.5 a zero-byte write returns 0 and a zero-byte read is empty")
    default void required_r1_5_zeroByteTransfers(@TempDir Path dir) throws Exception {
        try (AsyncFileContext ctx = context(); RandomAccessFile f = fileWith(dir, "abc".getBytes())) {
            assertEquals(0, await(ctx.write(new byte[0], f.getFD(), 1)));
            assertArrayEquals(new byte[0], await(ctx.read(0, f.getFD(), 0)));
            assertArrayEquals("abc".getBytes(), contentOf(f));
        }
    }

    /**
     * r1.6 a write at 4 MiB into an empty file makes it 4 MiB + 1 long and the hole reads as zeros.
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r1.6 a write at 4 MiB into an empty file makes it 4 MiB + 1 long and the hole reads as zeros")
    default void required_r1_6_sparseWrite(@TempDir Path dir) throws Exception {
        int at = 4 << 20;
        try (AsyncFileContext ctx = context(); RandomAccessFile f = fileWith(dir, new byte[0])) {
            assertEquals(1, await(ctx.write(new byte[] {7}, f.getFD(), at)));
            assertEquals(at + 1L, f.length());
            byte[] hole = await(ctx.read(4096, f.getFD(), at - 4096));
            assertArrayEquals(new byte[4096], hole, "the hole reads as zeros");
            assertArrayEquals(new byte[] {0, 7}, await(ctx.read(2, f.getFD(), at - 1)));
        }
    }

    /**
     * r1.7 4 MiB writes and reads round-trip (checked by hash).
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r1.7 4 MiB writes and reads round-trip (checked by hash)")
    default void required_r1_7_largeTransfersRoundTrip(@TempDir Path dir) throws Exception {
        byte[] data = pattern(4 << 20, 17);
        try (AsyncFileContext ctx = context(); RandomAccessFile f = fileWith(dir, new byte[0])) {
            assertEquals(data.length, await(ctx.write(data, f.getFD(), 12345)));
            byte[] back = await(ctx.read(data.length, f.getFD(), 12345));
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            assertArrayEquals(md.digest(data), MessageDigest.getInstance("SHA-256").digest(back));
        }
    }

    /**
     * r1.8 reads and writes honour their offsets exactly.
     *
     * @param dir JUnit's temporary directory for the rule's files (see {@link #newFile})
     * @throws Exception when the backend or the file system throws; the rule then fails with it as the cause
     */
    @Test
    @DisplayName("r1.8 reads and writes honour their offsets exactly")
    default void required_r1_8_offsetsAreExact(@TempDir Path dir) throws Exception {
        byte[] base = pattern(8192, 3);
        try (AsyncFileContext ctx = context(); RandomAccessFile f = fileWith(dir, base)) {
            assertArrayEquals(Arrays.copyOfRange(base, 1000, 1100), await(ctx.read(100, f.getFD(), 1000)));
            byte[] patch = pattern(77, 4);
            await(ctx.write(patch, f.getFD(), 4001));
            byte[] expected = base.clone();
            System.arraycopy(patch, 0, expected, 4001, patch.length);
            assertArrayEquals(expected, contentOf(f), "only the written range changed");
        }
    }
}
