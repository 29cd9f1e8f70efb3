package dev.caio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultImplementationFileTest {
    @Test
    void skipsCommentsAndBlankLinesAndStrips() {
        assertEquals(List.of("uring", "thread", "java"),
                DefaultImplementationFile.parse("# comment\n\n  uring \r\n\t# another\n\t\nthread\njava"));
    }

    @Test
    void emptyFileHasNoCandidates() {
        assertEquals(List.of(), DefaultImplementationFile.parse(""));
        assertEquals(List.of(), DefaultImplementationFile.parse("# only a comment\n"));
    }

    @Test
    void aHashInsideALineIsPartOfTheName() {
        assertEquals(List.of("x#y"), DefaultImplementationFile.parse("x#y\n"));
    }
}
