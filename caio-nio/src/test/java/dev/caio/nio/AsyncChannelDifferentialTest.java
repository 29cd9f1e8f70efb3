package dev.caio.nio;

import static dev.caio.nio.AsyncSteps.close;
import static dev.caio.nio.AsyncSteps.force;
import static dev.caio.nio.AsyncSteps.lock;
import static dev.caio.nio.AsyncSteps.lockHandler;
import static dev.caio.nio.AsyncSteps.readAlignedAt;
import static dev.caio.nio.AsyncSteps.readAt;
import static dev.caio.nio.AsyncSteps.readHandlerAt;
import static dev.caio.nio.AsyncSteps.readInto;
import static dev.caio.nio.AsyncSteps.readWithoutHandler;
import static dev.caio.nio.AsyncSteps.size;
import static dev.caio.nio.AsyncSteps.truncate;
import static dev.caio.nio.AsyncSteps.tryLock;
import static dev.caio.nio.AsyncSteps.writeAlignedAt;
import static dev.caio.nio.AsyncSteps.writeAt;
import static dev.caio.nio.AsyncSteps.writeHandlerAt;
import static dev.caio.nio.Differential.options;
import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.DELETE_ON_CLOSE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caio.AsyncFileContext;
import dev.caio.nio.Differential.Named;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.CompletionHandler;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same scripted call sequences on the JDK's {@code AsynchronousFileChannel} and on
 * {@link CaioAsynchronousFileChannel}, on every implementation available here: every result, exception type (thrown
 * by the call, or the cause a {@code Future} or handler reports), size and the file's bytes must be the JDK's, and a
 * handler never runs on the thread that started the operation.
 */
@ExtendWith(Contexts.class)
class AsyncChannelDifferentialTest {

    @TempDir
    Path dir;

    @SafeVarargs
    private void same(String impl, byte[] initial, Set<? extends OpenOption> options,
                      Named<AsynchronousFileChannel>... steps) throws IOException {
        Differential.Result r = Differential.run(Differential.ASYNC_CHANNEL, Contexts.of(impl), dir, initial,
                options, List.of(steps));
        assertTrue(r.same(), () -> impl + " differs from the JDK:\n" + r.diff());
    }

    @ParameterizedTest
    @MethodSource("dev.caio.nio.Contexts#implementations")
    void readsAndWritesInBothForms(String impl) throws IOException {
        same(impl, Differential.bytes(100), options(READ, WRITE),
                readAt(10, 0), readAt(10, 95), readAt(10, 100), readAt(10, 1000), readAt(0, 5), readAt(0, 500),
                readHandlerAt(30, 0), readHandlerAt(8, 99), readHandlerAt(8, 100), readHandlerAt(0, 7),
                writeAt(20, 90, 1), size(), writeHandlerAt(7, 200, 2), writeAt(0, 300, 3), writeHandlerAt(0, 400, 4),
                readAt(250, 0), readHandlerAt(250, 0), force(true), force(false));
    }

    @ParameterizedTest
    @MethodSource("dev.caio.nio.Contexts#implementations")
    void holesReadAsZerosAndTruncateNeverGrows(String impl) throws IOException {
        same(impl, new byte[0], options(READ, WRITE), writeAt(10, 8192, 4), readAt(16, 0), readAt(32, 8180),
                size(), truncate(20000), size(), truncate(8195), size(), readAt(10, 8190));
    }

    @ParameterizedTest
    @MethodSource("dev.caio.nio.Contexts#implementations")
    void readOnlyAndWriteOnlyChannelsRefuseTheOtherWay(String impl) throws IOException {
        same(impl, Differential.bytes(20), options(READ), writeAt(4, 0, 1), writeHandlerAt(4, 0, 1), truncate(5),
                lock(0, 10, false), tryLock(0, 10, false), tryLock(0, 10, true), readAt(4, 0));
        same(impl, Differential.bytes(20), options(WRITE), readAt(4, 0), readHandlerAt(4, 0), lock(0, 10, true),
                tryLock(0, 10, true), writeAt(4, 0, 1), truncate(5), tryLock(0, 10, false));
        same(impl, Differential.bytes(20), options(), readAt(4, 0), writeAt(4, 0, 1));
    }

    @ParameterizedTest
    @MethodSource("dev.caio.nio.Contexts#implementations")
    void badArgumentsAndClosedChannelsFailAsTheJdksDo(String impl) throws IOException {
        ByteBuffer readOnly = ByteBuffer.allocate(8).asReadOnlyBuffer();
        same(impl, Differential.bytes(20), options(READ, WRITE), readAt(4, -1), writeAt(4, -1, 1),
                readHandlerAt(4, -1), truncate(-1), readInto(readOnly, "read-only buffer"), readWithoutHandler(),
                lock(-1, 10, false), tryLock(0, -1, false), close(), readAt(4, 0), readHandlerAt(4, 0),
                writeAt(4, 0, 1), writeHandlerAt(4, 0, 1), readAt(0, 0), size(), truncate(1), force(true),
                lock(0, 10, false), lockHandler(0, 10, false), tryLock(0, 10, false), close());
    }

    @ParameterizedTest
    @MethodSource("dev.caio.nio.Contexts#implementations")
    void locksInBothForms(String impl) throws IOException {
        same(impl, Differential.bytes(20), options(READ, WRITE), lock(0, 10, false), tryLock(5, 10, true),
                lockHandler(20, 0, true), tryLock(100, 5, false), lock(10, 5, false));
    }

    @ParameterizedTest
    @MethodSource("dev.caio.nio.Contexts#implementations")
    void directIoWithAlignedBuffers(String impl) throws IOException {
        Set<OpenOption> direct = options(READ, WRITE, Differential.directOption());
        same(impl, Differential.bytes(3 * 4096), direct, readAlignedAt(4096, 0), readAlignedAt(8192, 4096),
                readAlignedAt(4096, 12288), writeAlignedAt(4096, 4096, 5), writeAlignedAt(8192, 12288, 6), size(),
                readAlignedAt(16384, 0), readAlignedAt(4096, 100), writeAlignedAt(4096, 100, 7), force(false));
    }

    @ParameterizedTest
    @MethodSource("dev.caio.nio.Contexts#implementations")
    void openOptionsBehaveAsTheJdks(String impl) throws IOException {
        AsyncFileContext ctx = Contexts.of(impl);
        Path existing = Files.write(dir.resolve("existing"), Differential.bytes(4));
        assertThrows(UnsupportedOperationException.class, () -> AsynchronousFileChannel.open(existing, APPEND));
        assertThrows(UnsupportedOperationException.class, () -> CaioAsynchronousFileChannel.open(ctx, existing,
                options(APPEND), null));
        assertThrows(UnsupportedOperationException.class, () -> CaioAsynchronousFileChannel.open(ctx, existing,
                options(WRITE, APPEND), null));
        assertThrows(FileAlreadyExistsException.class, () -> CaioAsynchronousFileChannel.open(ctx, existing,
                options(WRITE, CREATE_NEW), null));
        assertThrows(java.nio.file.NoSuchFileException.class, () -> CaioAsynchronousFileChannel.open(ctx,
                dir.resolve("missing"), options(READ), null));

        Path jdkGone = dir.resolve("jdk-gone");
        Path caioGone = dir.resolve("caio-gone");
        try (AsynchronousFileChannel jdk = AsynchronousFileChannel.open(jdkGone, WRITE, CREATE, DELETE_ON_CLOSE);
             AsynchronousFileChannel caio = CaioAsynchronousFileChannel.open(ctx, caioGone,
                     options(WRITE, CREATE, DELETE_ON_CLOSE), null)) {
            assertEquals(jdk.write(ByteBuffer.wrap(Differential.bytes(3)), 0).get(),
                    caio.write(ByteBuffer.wrap(Differential.bytes(3)), 0).get());
            assertEquals(Files.exists(jdkGone), Files.exists(caioGone));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertFalse(Files.exists(caioGone));

        Set<PosixFilePermission> perms = PosixFilePermissions.fromString("rw-r-----");
        Path jdkMade = dir.resolve("jdk-made");
        Path caioMade = dir.resolve("caio-made");
        AsynchronousFileChannel.open(jdkMade, options(WRITE, CREATE_NEW), null,
                PosixFilePermissions.asFileAttribute(perms)).close();
        CaioAsynchronousFileChannel.open(ctx, caioMade, options(WRITE, CREATE_NEW), null,
                PosixFilePermissions.asFileAttribute(perms)).close();
        assertEquals(Files.getPosixFilePermissions(jdkMade), Files.getPosixFilePermissions(caioMade));
    }

    @ParameterizedTest
    @MethodSource("dev.caio.nio.Contexts#implementations")
    void locksConflictWithTheJdksChannelsAndBelongToTheCaioChannel(String impl) throws Exception {
        Path p = Files.write(dir.resolve("locked"), Differential.bytes(100));
        try (AsynchronousFileChannel caio = CaioAsynchronousFileChannel.open(Contexts.of(impl), p,
                options(READ, WRITE), null);
             FileChannel jdk = FileChannel.open(p, options(READ, WRITE))) {
            FileLock lock = caio.lock(0, 50, false).get();
            assertSame(caio, lock.acquiredBy());
            assertThrows(OverlappingFileLockException.class, () -> jdk.tryLock(10, 10, false));
            assertThrows(OverlappingFileLockException.class, () -> caio.tryLock(0, 10, true));
            assertThrows(OverlappingFileLockException.class, () -> caio.lock(40, 20, false));
            FileLock other = jdk.tryLock(60, 10, false);
            assertThrows(OverlappingFileLockException.class, () -> caio.tryLock(60, 5, false));
            assertNull(caio.tryLock(80, 5, false).acquiredBy() == caio ? null : "not the caio channel's");
            lock.release();
            assertFalse(lock.isValid());
            other.release();
            FileLock last = caio.tryLock(0, 50, false);
            caio.close();
            assertFalse(last.isValid());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.caio.nio.Contexts#implementations")
    void theHandlerThreadEndsWhenTheChannelCloses(String impl) throws Exception {
        Path p = Files.write(dir.resolve("loop"), Differential.bytes(8192));
        AsynchronousFileChannel caio = CaioAsynchronousFileChannel.open(Contexts.of(impl), p, options(READ), null);
        // an empty read is done during the call on every implementation: its handler goes to the handler thread
        String name = handlerThreadOfARead(caio, 0).split(" ")[0];
        assertTrue(name.startsWith("caio-nio-handlers-"), name);
        caio.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name))) {
            assertTrue(System.nanoTime() < deadline, name + " still runs 5 s after its channel closed");
            Thread.sleep(10);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.caio.nio.Contexts#implementations")
    void handlersRunOnTheGivenExecutor(String impl) throws Exception {
        Path p = Files.write(dir.resolve("exec"), Differential.bytes(8192));
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "given-executor"));
        try (AsynchronousFileChannel caio = CaioAsynchronousFileChannel.open(Contexts.of(impl), p, options(READ),
                pool)) {
            assertEquals("given-executor 4096", handlerThreadOfARead(caio, 4096));
            assertEquals("given-executor 0", handlerThreadOfARead(caio, 0));
        } finally {
            pool.shutdown();
        }
    }

    /** Reads {@code n} bytes at 0 with a handler: the name of the thread it ran on and the count, or the failure. */
    private static String handlerThreadOfARead(AsynchronousFileChannel ch, int n) throws InterruptedException {
        AtomicReference<String> ranOn = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        ch.read(ByteBuffer.allocate(n), 0, null, new CompletionHandler<Integer, Void>() {
            @Override
            public void completed(Integer n, Void a) {
                ranOn.set(Thread.currentThread().getName() + " " + n);
                done.countDown();
            }

            @Override
            public void failed(Throwable exc, Void a) {
                ranOn.set(exc.toString());
                done.countDown();
            }
        });
        assertTrue(done.await(10, TimeUnit.SECONDS), "the handler never ran");
        return ranOn.get();
    }
}
