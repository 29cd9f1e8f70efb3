package dev.caio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InfoCommandTest {

    @Test
    void listsJavaAndTheSelection() {
        CliRunner r = CliRunner.run("info");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("java ")), r.out());
        assertTrue(r.out().contains("dev.caio.java.JavaChannelProvider"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("selected: ") && l.contains("(rule: ")), r.out());
    }

    @Test
    void versionHasAFallback() {
        CliRunner r = CliRunner.run("--version");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().startsWith("caio "), r.out());
    }

    @Test
    void noSubcommandIsAUsageError() {
        CliRunner r = CliRunner.run();
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("Missing required subcommand"), r.err());
    }
}
