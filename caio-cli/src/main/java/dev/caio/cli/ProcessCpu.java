package dev.caio.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The CPU time of this process over an interval, to the nanosecond where Linux tells it per thread.
 * {@code OperatingSystemMXBean.getProcessCpuTime} counts in clock ticks (10 ms on Linux), so a short or light case
 * read 0 (CPU 0.00 us/op) or a multiple of a tick; each thread's {@code /proc/self/task/TID/schedstat} has its
 * run time in nanoseconds, native and kernel I/O worker threads of the process included. A thread that ends within
 * the interval loses the time it ran there. Elsewhere the tick count is used.
 */
final class ProcessCpu {
    private static final Path TASKS = Path.of("/proc/self/task");

    /** CPU time per thread id at one moment, or, when {@code perThread} is null, the process's tick-based total. */
    private final Map<Long, Long> perThread;
    private final long total;

    private ProcessCpu(Map<Long, Long> perThread, long total) {
        this.perThread = perThread;
        this.total = total;
    }

    /** The CPU time of every thread of the process now. */
    static ProcessCpu now() {
        Map<Long, Long> threads = readTasks();
        return threads != null ? new ProcessCpu(threads, -1) : new ProcessCpu(null, tickNanos());
    }

    /** Nanoseconds of CPU time the process used since {@code start}, or -1 when the JVM cannot tell. */
    long nanosSince(ProcessCpu start) {
        if (perThread != null && start.perThread != null) {
            long sum = 0;
            for (Map.Entry<Long, Long> e : perThread.entrySet()) {
                // a thread started within the interval ran all its time there
                sum += e.getValue() - start.perThread.getOrDefault(e.getKey(), 0L);
            }
            return Math.max(0, sum);
        }
        return total < 0 || start.total < 0 ? -1 : total - start.total;
    }

    /** Thread id to nanoseconds run, from {@code schedstat}; null where the files are not there. */
    private static Map<Long, Long> readTasks() {
        if (!Files.isDirectory(TASKS)) {
            return null;
        }
        Map<Long, Long> threads = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("schedstat"));
                } catch (IOException ended) {
                    continue; // the thread ended since the listing
                }
                int blank = stat.indexOf(' ');
                threads.put(Long.parseLong(task.getFileName().toString()),
                        Long.parseLong(blank < 0 ? stat.strip() : stat.substring(0, blank)));
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return threads.isEmpty() ? null : threads;
    }

    /** The process's CPU time in clock ticks, as nanoseconds, or -1 when the JVM cannot tell. */
    private static long tickNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
