package dev.caio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ChartWriterTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "1, 1",
        "32, 32",
        "950, 950",
        "999.4, 999",
        "999.6, 1k",
        "1000, 1k",
        "1500, 1.5k",
        "12345, 12.3k",
        "250000, 250k",
        "1000000, 1M",
        "1400000, 1.4M",
        "1234567, 1.23M",
        "99960, 100k",
        "2000000000, 2G",
        "0.5, 0.5",
        "-250000, -250k",
    })
    void countsAreShortAndReadable(double value, String label) {
        assertEquals(label, ChartWriter.formatCount(value));
    }

    @Test
    void decadeTicksCoverTheRange() {
        assertEquals(List.of(1e3, 1e4, 1e5, 1e6), ChartWriter.decadeTicks(2300, 870_000));
        assertEquals(List.of(1e3, 1e4, 1e5, 1e6), ChartWriter.decadeTicks(1000, 1_000_000));
        assertEquals(List.of(1e4, 1e5, 1e6, 1e7), ChartWriter.decadeTicks(10_001, 1_400_000));
        // one value still gets a decade of axis
        assertEquals(List.of(1e5, 1e6), ChartWriter.decadeTicks(250_000, 250_000));
        assertEquals(List.of(1e5, 1e6), ChartWriter.decadeTicks(100_000, 100_000));
        assertEquals(List.of(0.1, 1.0, 10.0), ChartWriter.decadeTicks(0.5, 5));
        assertEquals(List.of("1k", "10k", "100k", "1M"), ChartWriter.decadeTicks(2300, 870_000).stream()
                .map(ChartWriter::formatCount).toList());
        assertThrows(IllegalArgumentException.class, () -> ChartWriter.decadeTicks(0, 10));
        assertThrows(IllegalArgumentException.class, () -> ChartWriter.decadeTicks(10, 1));
    }

    @Test
    void onlyPowersAreLabelled() {
        assertEquals("1k", ChartWriter.powerLabel(10, 3));
        assertEquals("1M", ChartWriter.powerLabel(10, 6.0000000001));
        assertEquals("", ChartWriter.powerLabel(10, 3.5));
        assertEquals("1", ChartWriter.powerLabel(2, 0));
        assertEquals("32", ChartWriter.powerLabel(2, 5));
        assertEquals("", ChartWriter.powerLabel(2, Math.log(3) / Math.log(2)));
    }

    @Test
    void everySeriesHasAColourOfItsOwn() {
        for (int n : new int[] {1, 10, 11, 40, 200}) {
            Color[] colors = ChartWriter.colors(n);
            assertEquals(n, colors.length);
            Set<Integer> rgb = Arrays.stream(colors).map(Color::getRGB).collect(Collectors.toSet());
            assertEquals(n, rgb.size(), n + " series");
        }
    }
}
