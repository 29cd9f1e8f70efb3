package dev.caio.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.caio.AsyncFileContext;
import dev.caio.CaioIOException;
import dev.caio.OpenFile;
import dev.caio.DirectFile;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reliability cases that need more than the TCK can give a backend author: a child JVM with a direct memory limit,
 * {@code O_DIRECT} files, and answers compared across every implementation at once.
 */
class ReliabilityTest {
    private static Path root;

    @BeforeAll
    static void setUp() throws IOException {
        root = Impls.workDir("reliability");
    }

    @AfterAll
    static void tearDown() {
        Impls.deleteTree(root);
    }

    /** Defect 3: a staging allocation that fails costs that operation, never the slot (maxRequests = 1). */
    @Test
    void aStagingAllocationFailureFailsOneOperationAndKeepsTheSlot() throws Exception {
        Path f = Files.createTempFile(root, "staging", ".dat");
        List<String> cmd = ChildJvm.command(root, "-XX:MaxDirectMemorySize=32m");
        cmd.addAll(List.of(StagingChild.class.getName(), f.toString(), String.valueOf(48 << 20)));
        cmd.addAll(Impls.available());
        String out = ChildJvm.run(cmd, null, Map.of());
        assertTrue(!out.contains("BAD"), out);
        for (String impl : Impls.available()) {
            for (String step : List.of("bytes", "heap-buffer", "heap-write")) {
                assertTrue(out.contains(impl + " " + step + " ENOMEM "), impl + " " + step + ":\n" + out);
            }
            assertTrue(out.contains(impl + " AFTER ok"), impl + " lost its slot:\n" + out);
        }
    }

    /** Defect 11: a misaligned O_DIRECT request fails with the same errno and message on every implementation. */
    @Test
    void aMisalignedDirectRequestSaysSoOnEveryImplementation() throws Exception {
        Path p = root.resolve("direct.dat");
        DirectFile file;
        try {
            file = DirectFile.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
        } catch (IOException e) {
            assumeTrue(false, "no O_DIRECT under " + root + ": " + e.getMessage());
            return;
        }
        try (file) {
            ByteBuffer aligned = file.allocate(8192);
            Map<String, List<String>> messages = new LinkedHashMap<>();
            for (String impl : Impls.available()) {
                try (AsyncFileContext ctx = AsyncFileContext.create(impl, 8)) {
                    ctx.write(file.allocate(8192), file.fd(), 0).join();
                    List<CompletableFuture<?>> bad = List.of(ctx.read(4096, file.fd(), 100),
                            ctx.read(100, file.fd(), 0), ctx.write(new byte[100], file.fd(), 0),
                            ctx.read(aligned.duplicate().position(1).limit(4097), file.fd(), 0));
                    List<String> got = new ArrayList<>();
                    for (CompletableFuture<?> op : bad) {
                        CaioIOException e = assertInstanceOf(CaioIOException.class, Impls.outcome(op, impl));
                        assertEquals("EINVAL", e.errnoName(), impl + ": " + e.getMessage());
                        assertTrue(e.getMessage().contains("misaligned O_DIRECT request"), impl + ": " + e.getMessage());
                        got.add(e.getMessage());
                    }
                    messages.put(impl, got);
                }
            }
            assertEquals(1, messages.values().stream().distinct().count(), "one message per case: " + messages);
        }
    }

    /** Defects 2 and 11: offsets at the top of the file offset range give one answer on every implementation. */
    @Test
    void offsetsNearTheLargestFileOffsetGiveOneAnswerEverywhere() throws Exception {
        Path p = Files.createTempFile(root, "top", ".dat");
        Files.write(p, "abc".getBytes());
        Map<String, List<String>> answers = new LinkedHashMap<>();
        try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "rw")) {
            for (String impl : Impls.available()) {
                try (AsyncFileContext ctx = AsyncFileContext.create(impl, 8)) {
                    List<Function<AsyncFileContext, CompletableFuture<?>>> cases = List.of(
                            c -> c.write(new byte[8], fd(raf), Long.MAX_VALUE - 8),
                            c -> c.write(new byte[9], fd(raf), Long.MAX_VALUE - 8),
                            c -> c.read(8, fd(raf), Long.MAX_VALUE - 8),
                            c -> c.read(9, fd(raf), Long.MAX_VALUE - 8),
                            c -> c.read(ByteBuffer.allocateDirect(8), fd(raf), Long.MAX_VALUE - 7),
                            c -> c.write(ByteBuffer.allocateDirect(4096), fd(raf), (1L << 62)));
                    List<String> got = new ArrayList<>();
                    for (var c : cases) {
                        Object o = Impls.outcome(c.apply(ctx), impl);
                        got.add(o instanceof byte[] b ? "bytes " + b.length
                                : o instanceof CaioIOException e ? e.getMessage() : String.valueOf(o));
                    }
                    answers.put(impl, got);
                    assertArrayEquals("abc".getBytes(), ctx.read(3, fd(raf), 0).join(), impl + " still works");
                }
            }
        }
        System.out.println("[caio-it] answers near Long.MAX_VALUE: " + answers);
        assertEquals(1, answers.values().stream().distinct().count(), "one answer per case: " + answers);
        assertTrue(answers.values().iterator().next().get(1).contains("EINVAL"), answers.toString());
        assertEquals(3, Files.size(p), "nothing was written");
    }

    /** Defect 1 for O_DIRECT files: closing one with writes queued never lets them reach a file opened later. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.caio.it.Impls#all")
    void aDirectFileClosedWithWritesQueuedNeverFeedsALaterFile(String impl) throws Exception {
        Path first = root.resolve(impl + "-first.dat");
        Path later = root.resolve(impl + "-later.dat");
        DirectFile a;
        try {
            a = DirectFile.open(first, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
        } catch (IOException e) {
            assumeTrue(false, "no O_DIRECT under " + root + ": " + e.getMessage());
            return;
        }
        try (AsyncFileContext ctx = AsyncFileContext.create(impl, 64)) {
            for (int round = 0; round < 10; round++) {
                if (round > 0) {
                    a = DirectFile.open(first, StandardOpenOption.READ, StandardOpenOption.WRITE);
                }
                ByteBuffer block = a.allocate(4096);
                List<CompletableFuture<Integer>> writes = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    writes.add(ctx.write(block.duplicate(), a.fd(), (i % 64) * 4096L));
                }
                a.close();
                try (OpenFile b = OpenFile.open(later, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    for (CompletableFuture<Integer> w : writes) {
                        Object o = Impls.outcome(w, impl);
                        assertTrue(Integer.valueOf(4096).equals(o) || "EBADF".equals(Impls.errno(o)),
                                impl + ": a write ended otherwise than done or EBADF: " + o);
                    }
                    assertEquals(0, b.size(), impl + " round " + round + ": writes of a closed file reached a later one");
                }
            }
        }
    }

    private static java.io.FileDescriptor fd(RandomAccessFile raf) {
        try {
            return raf.getFD();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
