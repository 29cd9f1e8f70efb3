package dev.caio.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caio.AsyncFileContext;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JFR events of operations: recorded with their fields when a recording enables them, absent otherwise. */
class JfrEventsTest {
    private static final List<String> EVENTS = List.of("dev.caio.Read", "dev.caio.Write", "dev.caio.Fsync",
            "dev.caio.Fdsync");

    @TempDir
    Path dir;

    /**
     * One recording for every implementation: JDK 17 writes a string that an earlier recording in the same JVM
     * already held (the same error message) as null into a later recording's dump; JDK 25 does not.
     */
    @Test
    void everyOperationIsRecordedWithItsFields() throws Exception {
        Map<String, Integer> fds = new java.util.HashMap<>();
        List<RecordedEvent> events;
        try (Recording recording = new Recording()) {
            EVENTS.forEach(e -> recording.enable(e).withoutThreshold());
            recording.start();
            for (String impl : Impls.available()) {
                fds.put(impl, runOperations(impl));
            }
            recording.stop();
            events = read(recording);
        }
        for (String impl : Impls.available()) {
            check(impl, fds.get(impl), events);
        }
    }

    /** Runs one of each operation, and a failing read, on {@code impl}; returns the file's descriptor number. */
    private int runOperations(String impl) throws Exception {
        Path file = dir.resolve("events-" + impl);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw");
             AsyncFileContext ctx = AsyncFileContext.create(impl, 8)) {
            int fd = descriptorNumberOf(file);
            assertEquals(4096, ctx.write(new byte[4096], raf.getFD(), 8192).get(Impls.WAIT_SECONDS, TimeUnit.SECONDS));
            assertEquals(1000, ctx.read(ByteBuffer.allocateDirect(1000), raf.getFD(), 12288 - 1000)
                    .get(Impls.WAIT_SECONDS, TimeUnit.SECONDS));
            assertEquals(0, ctx.read(100, raf.getFD(), 1 << 20).get(Impls.WAIT_SECONDS, TimeUnit.SECONDS).length);
            ctx.fsync(raf.getFD()).get(Impls.WAIT_SECONDS, TimeUnit.SECONDS);
            ctx.fdsync(raf.getFD()).get(Impls.WAIT_SECONDS, TimeUnit.SECONDS);
            Object failed = Impls.outcome(ctx.read(10, new java.io.FileDescriptor(), 0), "read of a closed fd");
            assertInstanceOf(IOException.class, failed);
            return fd;
        }
    }

    private static void check(String impl, int fd, List<RecordedEvent> events) {
        Map<String, List<RecordedEvent>> byType = events.stream()
                .filter(e -> impl.equals(e.getString("implementation")))
                .collect(Collectors.groupingBy(e -> e.getEventType().getName()));

        RecordedEvent write = only(byType.get("dev.caio.Write"));
        assertEquals(fd, write.getInt("descriptor"));
        assertEquals(8192, write.getLong("offset"));
        assertEquals(4096, write.getLong("bytesRequested"));
        assertEquals(4096, write.getLong("bytesTransferred"));
        assertNull(write.getString("error"));
        assertEquals(Thread.currentThread().getName(), write.getThread("submitter").getJavaName());
        assertTrue(!write.getDuration().isNegative());

        Map<Long, RecordedEvent> reads = byType.get("dev.caio.Read").stream()
                .collect(Collectors.toMap(e -> e.getLong("offset"), Function.identity()));
        assertEquals(3, reads.size(), impl + " reads: " + reads.keySet());
        assertEquals(1000, reads.get(12288L - 1000).getLong("bytesTransferred"));
        assertEquals(0, reads.get(1L << 20).getLong("bytesTransferred"), "end of file");
        assertEquals(100, reads.get(1L << 20).getLong("bytesRequested"));
        RecordedEvent bad = reads.get(0L);
        assertEquals(-1, bad.getInt("descriptor"));
        assertTrue(String.valueOf(bad.getString("error")).contains("EBADF"), bad::toString);

        for (String sync : List.of("dev.caio.Fsync", "dev.caio.Fdsync")) {
            RecordedEvent e = only(byType.get(sync));
            assertEquals(fd, e.getInt("descriptor"), sync);
            assertNull(e.getString("error"), sync);
        }
    }

    @Test
    void aRecordingThatDoesNotEnableThemRecordsNone() throws Exception {
        Path file = dir.resolve("quiet");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw");
             AsyncFileContext ctx = AsyncFileContext.create(8);
             Recording recording = new Recording()) {
            recording.enable("jdk.FileWrite").withoutThreshold(); // something is recorded, so the file is real
            recording.start();
            ctx.write(new byte[512], raf.getFD(), 0).get(Impls.WAIT_SECONDS, TimeUnit.SECONDS);
            ctx.read(512, raf.getFD(), 0).get(Impls.WAIT_SECONDS, TimeUnit.SECONDS);
            recording.stop();
            List<RecordedEvent> caio = read(recording).stream()
                    .filter(e -> e.getEventType().getName().startsWith("dev.caio.")).toList();
            assertEquals(List.of(), caio, "dev.caio events are disabled by default");
        }
    }

    private List<RecordedEvent> read(Recording recording) throws IOException {
        Path out = dir.resolve("recording-" + System.nanoTime() + ".jfr");
        recording.dump(out);
        return RecordingFile.readAllEvents(out);
    }

    private static RecordedEvent only(List<RecordedEvent> events) {
        assertEquals(1, events == null ? 0 : events.size(), "events: " + events);
        return events.get(0);
    }

    /** The descriptor this process holds open on {@code file}, from /proc/self/fd. */
    private static int descriptorNumberOf(Path file) throws IOException {
        Path real = file.toRealPath();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path link : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(link).equals(real)) {
                        return Integer.parseInt(link.getFileName().toString());
                    }
                } catch (IOException gone) {
                    // the directory stream's own descriptor, closed by now
                }
            }
        }
        throw new IOException("no descriptor open on " + real);
    }
}
