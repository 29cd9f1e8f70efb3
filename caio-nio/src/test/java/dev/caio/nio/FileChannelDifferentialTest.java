package dev.caio.nio;

import static dev.caio.nio.Differential.options;
import static dev.caio.nio.Steps.close;
import static dev.caio.nio.Steps.force;
import static dev.caio.nio.Steps.gather;
import static dev.caio.nio.Steps.interrupted;
import static dev.caio.nio.Steps.position;
import static dev.caio.nio.Steps.read;
import static dev.caio.nio.Steps.readAlignedAt;
import static dev.caio.nio.Steps.readAt;
import static dev.caio.nio.Steps.readDirectAt;
import static dev.caio.nio.Steps.readInto;
import static dev.caio.nio.Steps.scatter;
import static dev.caio.nio.Steps.size;
import static dev.caio.nio.Steps.truncate;
import static dev.caio.nio.Steps.write;
import static dev.caio.nio.Steps.writeAlignedAt;
import static dev.caio.nio.Steps.writeAt;
import static dev.caio.nio.Steps.writeDirect;
import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.DELETE_ON_CLOSE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caio.AsyncFileContext;
import dev.caio.nio.Differential.Named;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same scripted call sequences on the JDK's {@code FileChannel} and on {@link CaioFileChannel}, on every
 * implementation available here: every return value, exception type, position, size and the file's bytes must be
 * the JDK's.
 */
@ExtendWith(Contexts.class)
class FileChannelDifferentialTest {

    @TempDir
    Path dir;

    @SafeVarargs
    private void same(String impl, byte[] initial, Set<? extends OpenOption> options, Named<FileChannel>... steps)
            throws IOException {
        Differential.Result r = Differential.run(Differential.FILE_CHANNEL, Contexts.of(impl), dir, initial, options,
                List.of(steps));
        assertTrue(r.same(), () -> impl + " differs from the JDK:\n" + r.diff());
    }

    private static byte[] bytes(int n) {
        return Differential.bytes(n);
    }

    @ParameterizedTest
    @MethodSource("dev.caio.nio.Contexts#implementations")
    void readsAndWritesPositionalAndRelative(String impl) throws IOException {
        same(impl, bytes(100), options(READ, WRITE),
                readAt(10, 0), readAt(10, 95), readAt(10, 100), readAt(10, 1000), readAt(0, 5), read(30), read(80),
                read(10), position(50), read(5), writeAt(20, 90, 1), size(), write(7, 2), readAt(200, 0),
                readDirectAt(16, 8), writeDirect(9, 3), position(0), read(4), force(true), force(false));
    }

    @ParameterizedTest
    @MethodSource("dev.caio.nio.Contexts#implementations")
    void holesReadAsZeros(String impl) throws IOException {
        same(impl, new byte[0], options(READ, WRITE), writeAt(10, 8192, 4), readAt(16, 0), readAt(32, 8180),
                size(), position(20000), write(3, 5), size(), readAt(10, 9000));
    }

    @ParameterizedTest
    @MethodSource("dev.caio.nio.Contexts#implementations")
    void scatteringAndGathering(String impl) throws IOException {
        same(impl, bytes(40), options(READ, WRITE), scatter(8, 0, 16), scatter(10, 10), scatter(4, 4),
                position(0), gather(3, 0, 5), scatter(100), position(38), scatter(1, 1, 1, 1));
    }

    @ParameterizedTest
    @MethodSource("dev.caio.nio.Contexts#implementations")
    void readOnlyAndWriteOnlyChannelsRefuseTheOtherWay(String impl) throws IOException {
        same(impl, bytes(20), options(READ), writeAt(4, 0, 1), write(4, 1), gather(1, 2), truncate(5),
                readAt(4, 0));
        same(impl, bytes(20), options(WRITE), readAt(4, 0), read(4), scatter(2), writeAt(4, 0, 1), truncate(5));
    }

    @ParameterizedTest
    @MethodSource("dev.caio.nio.Contexts#implementations")
    void appendWritesAtTheEndAndReportsItAsThePosition(String impl) throws IOException {
        same(impl, bytes(10), options(APPEND), write(5, 1), size(), position(2), write(3, 2), writeAt(4, 0, 3),
                gather(2, 2), size());
        same(impl, bytes(10), options(WRITE, APPEND), write(5, 1), readAt(3, 0));
    }

    @ParameterizedTest
    @MethodSource("dev.caio.nio.Contexts#implementations")
    void badArgumentsAndClosedChannelsFailAsTheJdksDo(String impl) throws IOException {
        ByteBuffer readOnly = ByteBuffer.allocate(8).asReadOnlyBuffer();
        same(impl, bytes(20), options(READ, WRITE), readAt(4, -1), writeAt(4, -1, 1), position(-1), truncate(-1),
                readInto(readOnly, "read-only buffer"), close(), readAt(4, 0), read(4), writeAt(4, 0, 1), position(3),
                size(), truncate(1), force(true), close());
    }

    @ParameterizedTest
    @MethodSource("dev.caio.nio.Contexts#implementations")
    void directIoChecksAlignmentAsTheJdkDoes(String impl) throws IOException {
        // Heap buffers of one size only: JDK 17's own channel throws NullPointerException when a larger one follows.
        Set<OpenOption> direct = options(READ, WRITE, Differential.directOption());
        same(impl, bytes(3 * 4096), direct, readAlignedAt(4096, 0), readAlignedAt(8192, 4096), readAt(4096, 8192),
                readAlignedAt(4096, 12288), writeAlignedAt(4096, 4096, 5), writeAt(4096, 12288, 6), size(),
                readAlignedAt(4096, 100), readAlignedAt(100, 0), readAt(100, 0), writeAlignedAt(4096, 100, 7),
                writeAt(100, 0, 8), position(4096), read(4096), write(4096, 9), position(10), read(4096),
                force(false));
    }

    @ParameterizedTest
    @MethodSource("dev.caio.nio.Contexts#implementations")
    void truncateMovesAPositionPastTheNewEnd(String impl) throws IOException {
        same(impl, bytes(50), options(READ, WRITE), position(40), truncate(60), truncate(30), size(), read(5),
                position(10), truncate(20), read(100));
    }

    @ParameterizedTest
    @MethodSource("dev.caio.nio.Contexts#implementations")
    void anInterruptedCallClosesTheChannelAsTheJdksDoes(String impl) throws IOException {
        same(impl, bytes(20), options(READ, WRITE), readAt(4, 0), interrupted(readAt(4, 0)), readAt(4, 0));
        same(impl, bytes(20), options(READ, WRITE), interrupted(writeAt(4, 0, 9)), size());
        same(impl, bytes(20), options(READ, WRITE), interrupted(force(true)));
    }

    @ParameterizedTest
    @MethodSource("dev.caio.nio.Contexts#implementations")
    void openOptionsBehaveAsTheJdks(String impl) throws IOException {
        AsyncFileContext ctx = Contexts.of(impl);
        Path existing = Files.write(dir.resolve("existing"), bytes(4));
        assertThrows(FileAlreadyExistsException.class, () -> CaioFileChannel.open(ctx, existing,
                options(WRITE, CREATE_NEW)));
        assertThrows(IllegalArgumentException.class, () -> CaioFileChannel.open(ctx, existing,
                options(READ, APPEND)));
        assertThrows(IllegalArgumentException.class, () -> CaioFileChannel.open(ctx, existing,
                options(APPEND, TRUNCATE_EXISTING)));
        assertThrows(java.nio.file.NoSuchFileException.class, () -> CaioFileChannel.open(ctx,
                dir.resolve("missing"), options(READ)));

        Path jdkGone = dir.resolve("jdk-gone");
        Path caioGone = dir.resolve("caio-gone");
        try (FileChannel jdk = FileChannel.open(jdkGone, options(WRITE, CREATE, DELETE_ON_CLOSE));
             FileChannel caio = CaioFileChannel.open(ctx, caioGone, options(WRITE, CREATE, DELETE_ON_CLOSE))) {
            assertEquals(jdk.write(ByteBuffer.wrap(bytes(3))), caio.write(ByteBuffer.wrap(bytes(3))));
            assertEquals(Files.exists(jdkGone), Files.exists(caioGone));
        }
        assertFalse(Files.exists(caioGone));

        Set<PosixFilePermission> perms = PosixFilePermissions.fromString("rw-r-----");
        Path jdkMade = dir.resolve("jdk-made");
        Path caioMade = dir.resolve("caio-made");
        FileChannel.open(jdkMade, options(WRITE, CREATE_NEW), PosixFilePermissions.asFileAttribute(perms)).close();
        CaioFileChannel.open(ctx, caioMade, options(WRITE, CREATE_NEW), PosixFilePermissions.asFileAttribute(perms))
                .close();
        assertEquals(Files.getPosixFilePermissions(jdkMade), Files.getPosixFilePermissions(caioMade));
    }

    @ParameterizedTest
    @MethodSource("dev.caio.nio.Contexts#implementations")
    void locksConflictWithTheJdksChannelsAndBelongToTheCaioChannel(String impl) throws IOException {
        Path p = Files.write(dir.resolve("locked"), bytes(100));
        try (FileChannel caio = CaioFileChannel.open(Contexts.of(impl), p, options(READ, WRITE));
             FileChannel jdk = FileChannel.open(p, options(READ, WRITE))) {
            FileLock lock = caio.lock(0, 50, false);
            assertSame(caio, lock.acquiredBy());
            assertSame(caio, lock.channel());
            assertTrue(lock.isValid());
            assertThrows(OverlappingFileLockException.class, () -> jdk.tryLock(10, 10, false));
            assertThrows(OverlappingFileLockException.class, () -> caio.tryLock(0, 10, true));
            FileLock other = jdk.tryLock(60, 10, false);
            assertSame(jdk, other.acquiredBy());
            lock.release();
            assertFalse(lock.isValid());
            jdk.tryLock(10, 10, false).release();
            other.release();
            FileLock last = caio.tryLock();
            caio.close();
            assertFalse(last.isValid());
        }
    }
}
