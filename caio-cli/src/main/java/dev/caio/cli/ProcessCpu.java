package dev.caio.cli;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The CPU time of this process over an interval, to the nanosecond where Linux tells it per thread.
 * {@code OperatingSystemMXBean.getProcessCpuTime} counts in clock ticks (10 ms on Linux), so a short or light case
 * read 0 (CPU 0.00 us/op) or a multiple of a tick; each thread's {@code /proc/self/task/TID/schedstat} has its
 * run time in nanoseconds, native and kernel I/O worker threads of the process included. A thread that ends within
 * the interval loses the time it ran there. A thread's figure is brought up to date when it stops running and at each
 * scheduler tick, so the calling thread's own comes from {@code ThreadMXBean}, which asks the kernel for the exact
 * value. Elsewhere the tick count is used.
 */
final class ProcessCpu {
    private static final File TASKS = new File("/proc/self/task");
    /** A link to {@code PID/task/TID} of the thread that reads it. */
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");

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
        // java.io here: the first thread past the warm-up reads one file per thread, and Files.readString costs
        // several times as much per file
        File[] tasks = TASKS.listFiles();
        if (tasks == null || tasks.length == 0) {
            return null;
        }
        Map<Long, Long> threads = new HashMap<>();
        byte[] buffer = new byte[64];
        try {
            for (File task : tasks) {
                long ran;
                try (FileInputStream in = new FileInputStream(new File(task, "schedstat"))) {
                    ran = firstNumber(buffer, in.read(buffer));
                } catch (FileNotFoundException ended) {
                    continue; // the thread ended since the listing
                }
                if (ran >= 0) {
                    threads.put(Long.parseLong(task.getName()), ran);
                }
            }
            // -1 on a virtual thread, whose carrier's schedstat then stands
            long self = ManagementFactory.getThreadMXBean().isCurrentThreadCpuTimeSupported()
                    ? ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() : -1;
            if (self >= 0) {
                threads.put(Long.parseLong(Files.readSymbolicLink(THREAD_SELF).getFileName().toString()), self);
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return threads.isEmpty() ? null : threads;
    }

    /** The decimal number that starts the {@code length} bytes of {@code buffer}, or -1 if there is none. */
    private static long firstNumber(byte[] buffer, int length) {
        long value = -1;
        for (int i = 0; i < length && buffer[i] >= '0' && buffer[i] <= '9'; i++) {
            value = (value < 0 ? 0 : value * 10) + (buffer[i] - '0');
        }
        return value;
    }

    /** The process's CPU time in clock ticks, as nanoseconds, or -1 when the JVM cannot tell. */
    private static long tickNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
