package dev.caio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.caio.AsyncFileContext;
import dev.caio.Selection;
import dev.caio.spi.AsyncFileContextProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The four selection rules, with providers as Mockito seams: no I/O is involved in choosing. */
class BackendSelectorTest {
    private final Map<String, String> props = new HashMap<>();
    private final Map<String, String> env = new HashMap<>();
    private final ClassLoader noResources = new URLClassLoader(new URL[0], null);
    /**
     * The selector logs its warnings through System.Logger "dev.caio" (java.util.logging here). The tests provoke
     * them on purpose and check them in {@link Selection#warnings()} or with a handler of their own, so they are kept
     * off the console, where they would read like real failures in the build output.
     */
    private final java.util.logging.Logger selectorLog = java.util.logging.Logger.getLogger("dev.caio");
    private boolean selectorLogToConsole;

    @BeforeEach
    void quietExpectedWarnings() {
        selectorLogToConsole = selectorLog.getUseParentHandlers();
        selectorLog.setUseParentHandlers(false);
    }

    @AfterEach
    void restoreWarnings() {
        selectorLog.setUseParentHandlers(selectorLogToConsole);
    }

    static AsyncFileContextProvider provider(String name, int priority, boolean available) {
        AsyncFileContextProvider p = mock(AsyncFileContextProvider.class);
        when(p.name()).thenReturn(name);
        when(p.priority()).thenReturn(priority);
        when(p.isAvailable()).thenReturn(available);
        when(p.unavailabilityCause()).thenReturn(available ? null : new IllegalStateException(name + " probe failed: ENOSYS"));
        return p;
    }

    private final List<AsyncFileContextProvider> all = List.of(
            provider("uring", 400, false), provider("linux", 300, true),
            provider("thread", 200, true), provider("java", 100, true));

    private BackendSelector selector(ClassLoader resources) {
        return new BackendSelector(() -> ProviderRegistry.of(all, List.of()), props::get, env::get, resources);
    }

    private static ClassLoader resourceFile(Path dir, String content) throws IOException {
        Path f = dir.resolve(DefaultImplementationFile.RESOURCE);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
    }

    @Test
    void rule4_highestPriorityAvailableWins() {
        Selection s = selector(noResources).select();
        assertEquals("linux", s.implementation(), "uring is unavailable, linux is next");
        assertEquals("highest priority", s.rule());
        assertTrue(s.warnings().isEmpty());
    }

    @Test
    void rule1_systemPropertyWinsOverEnvironment() {
        props.put("caio.impl", "thread");
        env.put("CAIO_IMPL", "java");
        Selection s = selector(noResources).select();
        assertEquals("thread", s.implementation());
        assertEquals("system property caio.impl", s.rule());
    }

    @Test
    void rule2_environmentVariable() {
        env.put("CAIO_IMPL", " java ");
        Selection s = selector(noResources).select();
        assertEquals("java", s.implementation());
        assertEquals("environment variable CAIO_IMPL", s.rule());
    }

    @Test
    void unknownEnvironmentValueWarnsWithValidNamesAndFallsThrough() {
        env.put("CAIO_IMPL", "posix");
        Selection s = selector(noResources).select();
        assertEquals("linux", s.implementation());
        assertEquals(List.of("environment variable CAIO_IMPL='posix' ignored: unknown implementation; "
                + "valid names are java, linux, thread, uring"
                + " (see https://github.com/caio-java/caio/blob/main/docs/diagnostics.md#unknown-caio-impl)"),
                s.warnings());
    }

    @Test
    void unavailablePropertyValueWarnsWithTheReasonAndFallsThroughToTheEnvironment() {
        props.put("caio.impl", "uring");
        env.put("CAIO_IMPL", "thread");
        Selection s = selector(noResources).select();
        assertEquals("thread", s.implementation());
        assertEquals(1, s.warnings().size());
        assertTrue(s.warnings().get(0).contains("caio.impl='uring' ignored: unavailable: uring probe failed: ENOSYS"),
                s.warnings().get(0));
    }

    @Test
    void rule3_resourceSkipsCommentsBlankLinesUnknownAndUnavailableLines(@TempDir Path dir) throws IOException {
        ClassLoader cl = resourceFile(dir, "# packaged by a distro\n\n   \n  # indented comment\nbogus\nuring\n  thread  \njava\n");
        Selection s = selector(cl).select();
        assertEquals("thread", s.implementation());
        assertTrue(s.rule().startsWith("resource "), s.rule());
        assertEquals(2, s.warnings().size(), s.warnings().toString());
        assertTrue(s.warnings().get(0).contains("'bogus'") && s.warnings().get(0).contains("unknown"));
        assertTrue(s.warnings().get(1).contains("'uring'") && s.warnings().get(1).contains("ENOSYS"));
    }

    @Test
    void rule3_environmentStillWinsOverTheResource(@TempDir Path dir) throws IOException {
        env.put("CAIO_IMPL", "java");
        assertEquals("java", selector(resourceFile(dir, "thread\n")).select().implementation());
    }

    @Test
    void rule3_resourceWithNoUsableLineFallsToPriority(@TempDir Path dir) throws IOException {
        Selection s = selector(resourceFile(dir, "# nothing usable\nuring\nnope\n")).select();
        assertEquals("linux", s.implementation());
        assertEquals("highest priority", s.rule());
    }

    @Test
    void nothingAvailableIsAnErrorListingEveryReason() {
        BackendSelector sel = new BackendSelector(() -> ProviderRegistry.of(
                List.of(provider("uring", 400, false), provider("linux", 300, false)), List.of()),
                props::get, env::get, noResources);
        IllegalStateException e = assertThrows(IllegalStateException.class, sel::select);
        assertTrue(e.getMessage().contains("uring: uring probe failed") && e.getMessage().contains("linux: linux probe"),
                e.getMessage());
    }

    @Test
    void explicitUnknownNameListsTheValidNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> selector(noResources).create("posix", 8, Map.of()));
        assertTrue(e.getMessage().contains("valid names are java, linux, thread, uring"), e.getMessage());
    }

    @Test
    void explicitUnavailableNameSaysWhyAndDoesNotFallBack() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> selector(noResources).create("uring", 8, Map.of()));
        assertTrue(e.getMessage().contains("ENOSYS"), e.getMessage());
        assertSame(all.get(0).unavailabilityCause().getClass(), e.getCause().getClass());
        verify(all.get(0), never()).create(anyInt(), anyMap());
    }

    @Test
    void createUsesTheSelectedProviderWithItsOptions() {
        AsyncFileContext ctx = mock(AsyncFileContext.class);
        when(all.get(1).create(16, Map.of("k", "v"))).thenReturn(ctx);
        assertSame(ctx, selector(noResources).create(null, 16, Map.of("k", "v")));
    }

    /** A backend whose library failed to load must not vanish from automatic selection silently. */
    @Test
    void rule4_warnsOnceWhenItPassesOverABackendWhoseLibraryFailedToLoad() {
        AsyncFileContextProvider uring = provider("uring", 400, false);
        when(uring.unavailabilityCause()).thenReturn(new UnsupportedOperationException("uring backend unavailable: "
                + "native library /tmp/p/libcaio_uring_x86_64.so is not caio's",
                new UnsatisfiedLinkError("'java.lang.String dev.caio.uring.IoUringNative.version()'")));
        // Lower priority than the winner: not passed over, so no warning even though its library failed too.
        AsyncFileContextProvider thread = provider("thread", 200, false);
        when(thread.unavailabilityCause()).thenReturn(new IllegalStateException("thread backend unavailable",
                new UnsatisfiedLinkError("no libcaio_thread_x86_64.so")));
        BackendSelector sel = new BackendSelector(() -> ProviderRegistry.of(List.of(uring, provider("linux", 300, true),
                thread, provider("java", 100, true)), List.of()), props::get, env::get, noResources);
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger("dev.caio");
        List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler h = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                logged.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(h);
        try {
            String expected = "uring skipped: its native library did not load: uring backend unavailable: native"
                    + " library /tmp/p/libcaio_uring_x86_64.so is not caio's"
                    + " (see https://github.com/caio-java/caio/blob/main/docs/diagnostics.md#native-load-failed)";
            for (int i = 0; i < 3; i++) {
                Selection s = sel.select();
                assertEquals("linux", s.implementation());
                assertEquals(List.of(expected), s.warnings());
            }
            assertEquals(List.of("caio: " + expected), logged.stream().filter(m -> m.contains("skipped")).toList());
        } finally {
            jul.removeHandler(h);
        }
    }

    @Test
    void maxRequestsBelowOneIsRefusedBeforeSelection() {
        assertThrows(IllegalArgumentException.class, () -> selector(noResources).create(null, 0, Map.of()));
    }
}
