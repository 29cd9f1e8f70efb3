package dev.caio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
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
    void versionIsTheBuilds() {
        CliRunner r = CliRunner.run("--version");
        assertEquals(0, r.exitCode());
        assertEquals("caio " + VersionProvider.caioVersion(), r.out().strip());
        assertFalse(r.out().contains("${"), r.out());
    }

    @Test
    void noSubcommandIsAUsageError() {
        CliRunner r = CliRunner.run();
        assertEquals(2, r.exitCode());
        assertEquals(List.of("caio: Missing required subcommand (info or bench)",
                "Try 'caio --help' for more information."), r.err().lines().toList());
    }

    @Test
    void aSelectionWarningIsPrintedOnce() {
        // a name never used before, so the library has not logged this warning yet in this JVM
        String name = "nosuch" + System.nanoTime();
        Logger log = Logger.getLogger("dev.caio");
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(handler);
        System.setProperty("caio.impl", name);
        try {
            CliRunner r = CliRunner.run("info");
            assertEquals(0, r.exitCode(), r.err());
            String all = r.out() + r.err();
            assertEquals(1, all.lines().filter(l -> l.contains("'" + name + "' ignored")).count(), all);
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith("warning: system property caio.impl='" + name
                    + "' ignored")), r.out());
            assertTrue(logged.stream().noneMatch(l -> l.getMessage().contains(name)), "logged as well");
        } finally {
            System.clearProperty("caio.impl");
            log.removeHandler(handler);
        }
    }
}
