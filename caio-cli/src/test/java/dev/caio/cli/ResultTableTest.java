package dev.caio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ResultTableTest {

    @Test
    void aCaseWithoutOperationsShowsDashes() {
        // a case that measured nothing (a warm-up longer than the run) has no CPU per operation
        BenchResult none = new BenchResult(new BenchCase("afc", null, Workload.RANDREAD, 4096, 1), 0, 1_000_000,
                new Histogram(3), 5_000_000, 3);
        String text = ResultTable.render(new BenchReport(List.of(none), List.of("afc"), List.of(), List.of()));
        String[] row = BenchCommandTest.rows(text, "afc").get(0);
        assertEquals("0", row[3], text);
        assertEquals("-", row[8], text);
    }
}
