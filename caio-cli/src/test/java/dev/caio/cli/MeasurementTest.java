package dev.caio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class MeasurementTest {

    @Test
    void aShortCaseStillHasItsCpuTime() throws IOException {
        // no warm-up and a measured interval of two clock ticks, which the tick count could read as 0 or 1
        Measurement m = new Measurement(0, 20_000_000);
        long ops = 0;
        long sink = 0;
        while (m.running(System.nanoTime())) {
            long submitted = System.nanoTime();
            for (int i = 0; i < 1000; i++) {
                sink += Long.rotateLeft(sink ^ i, 7);
            }
            m.completed(submitted, null);
            ops++;
        }
        BenchResult r = m.finish(new BenchCase("spin", null, Workload.RANDREAD, 4096, 1));
        assertEquals(ops, r.operations(), "sink " + sink);
        assertTrue(ops > 0);
        assertTrue(r.cpuNanos() > 0, "cpu " + r.cpuNanos());
        assertTrue(r.cpuMicrosPerOp() > 0, "cpu per op " + r.cpuMicrosPerOp());
    }

    @Test
    void cpuTimeOfTheProcessGrowsByLessThanATick() {
        ProcessCpu start = ProcessCpu.now();
        long sink = 0;
        // far less than a clock tick of work on this thread, which the tick count would nearly always miss
        for (int i = 0; i < 10_000; i++) {
            sink += Long.rotateLeft(sink ^ i, 7);
        }
        long spent = ProcessCpu.now().nanosSince(start);
        assertTrue(spent > 0, "spent " + spent + ", sink " + sink);
    }
}
