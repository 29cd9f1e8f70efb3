package dev.caio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SizeParserTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "4096, 4096",
        "4k, 4096",
        "4K, 4096",
        "4kb, 4096",
        "4KiB, 4096",
        "64m, 67108864",
        "1g, 1073741824",
        "2t, 2199023255552",
        "' 8k ', 8192",
    })
    void parsesSizes(String text, long expected) {
        assertEquals(expected, SizeParser.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "k", "-1", "1.5m", "4x", "abc", "99999999999999999999", "9999999999999t"})
    void rejectsNonSizes(String text) {
        assertThrows(IllegalArgumentException.class, () -> SizeParser.parse(text));
    }

    @Test
    void formatsInLargestExactUnit() {
        assertEquals("4k", SizeParser.format(4096));
        assertEquals("64m", SizeParser.format(64L << 20));
        assertEquals("1g", SizeParser.format(1L << 30));
        assertEquals("1536", SizeParser.format(1536));
        assertEquals("0", SizeParser.format(0));
    }
}
