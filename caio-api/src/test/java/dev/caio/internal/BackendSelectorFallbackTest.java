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
import dev.caio.CaioIOException;
import dev.caio.spi.AsyncFileContextProvider;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Creation-time fallback with providers as Mockito seams: which failures move selection on to the next
 * implementation, which are thrown, and that explicit names never fall back. The real failures are in the backends'
 * tests (LinuxAioBackendTest lowers fs.aio-max-nr, IoUringBackendTest injects ENOMEM).
 */
class BackendSelectorFallbackTest {
    private final Map<String, String> props = new HashMap<>();
    private final AsyncFileContextProvider uring = provider("uring", 400, true);
    private final AsyncFileContextProvider linux = provider("linux", 300, false);
    private final AsyncFileContextProvider thread = provider("thread", 200, true);
    private final AsyncFileContextProvider java = provider("java", 100, true);
    private final BackendSelector selector = new BackendSelector(
            () -> ProviderRegistry.of(List.of(uring, linux, thread, java), List.of()), props::get, k -> null,
            new URLClassLoader(new URL[0], null));

    private static AsyncFileContextProvider provider(String name, int priority, boolean available) {
        AsyncFileContextProvider p = mock(AsyncFileContextProvider.class);
        when(p.name()).thenReturn(name);
        when(p.priority()).thenReturn(priority);
        when(p.isAvailable()).thenReturn(available);
        when(p.unavailabilityCause()).thenReturn(available ? null : new IllegalStateException(name + ": ENOSYS"));
        return p;
    }

    /** The selector logs through System.Logger "dev.caio", which is java.util.logging here. */
    private final List<LogRecord> warnings = new ArrayList<>();
    private final Logger jul = Logger.getLogger("dev.caio");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(r);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private boolean julToConsole;

    /** The warnings are provoked on purpose and checked here: kept off the console, where they would alarm. */
    @BeforeEach
    void listen() {
        jul.addHandler(capture);
        julToConsole = jul.getUseParentHandlers();
        jul.setUseParentHandlers(false);
    }

    @AfterEach
    void stopListening() {
        jul.removeHandler(capture);
        jul.setUseParentHandlers(julToConsole);
    }

    /** What a native context throws when a limit is exhausted. */
    private static UncheckedIOException limit(String impl, String errno) {
        CaioIOException c = new CaioIOException(errno.equals("EAGAIN") ? 11 : 12, errno,
                impl + ": cannot create a context: setup failed: " + errno + " (...); raise it with the fix", null);
        return new UncheckedIOException(c.getMessage(), c);
    }

    @Test
    void aResourceFailureOfTheSelectedImplementationFallsBackToTheNextByPriorityAndWarnsOnce() {
        AsyncFileContext ctx = mock(AsyncFileContext.class);
        when(uring.create(8, Map.of())).thenThrow(limit("uring", "ENOMEM"));
        when(thread.create(8, Map.of())).thenReturn(ctx);

        assertSame(ctx, selector.create(null, 8, Map.of()), "linux is unavailable, so thread is next");
        assertSame(ctx, selector.create(null, 8, Map.of()));

        assertEquals(1, warnings.size(), "one warning for the same failure, however often it happens");
        String w = warnings.get(0).getMessage();
        assertTrue(w.contains("uring could not create a context, using thread instead") && w.contains("ENOMEM")
                && w.contains("raise it with the fix"), w);
        verify(java, never()).create(anyInt(), anyMap());
    }

    @Test
    void theSelectedImplementationIsStillTriedFirstFromRulesOtherThanPriority() {
        // caio.impl chose thread: its resource failure falls back by priority among the others, uring first.
        props.put("caio.impl", "thread");
        AsyncFileContext ctx = mock(AsyncFileContext.class);
        when(thread.create(8, Map.of())).thenThrow(limit("thread", "EAGAIN"));
        when(uring.create(8, Map.of())).thenReturn(ctx);
        assertSame(ctx, selector.create(null, 8, Map.of()));
        assertTrue(warnings.get(0).getMessage().contains("thread could not create a context, using uring"),
                warnings.get(0).getMessage());
    }

    @Test
    void anOptionErrorIsThrownAndNotSwallowedByTheFallback() {
        when(uring.create(8, Map.of("bogus", "1"))).thenThrow(new IllegalArgumentException("unknown option bogus"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> selector.create(null, 8, Map.of("bogus", "1")));
        assertEquals("unknown option bogus", e.getMessage());
        verify(thread, never()).create(anyInt(), anyMap());
        assertTrue(warnings.isEmpty());
    }

    @Test
    void anErrnoThatIsNotALimitIsThrownAsIs() {
        CaioIOException eperm = new CaioIOException(1, "EPERM", "io_uring_setup failed: EPERM", null);
        when(uring.create(8, Map.of())).thenThrow(new UncheckedIOException(eperm.getMessage(), eperm));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> selector.create(null, 8, Map.of()));
        assertSame(eperm, e.getCause());
        verify(thread, never()).create(anyInt(), anyMap());
    }

    @Test
    void whenEveryImplementationHitsALimitTheSelectedOnesFailureIsThrownWithTheOthersSuppressed() {
        UncheckedIOException first = limit("uring", "ENOMEM");
        when(uring.create(8, Map.of())).thenThrow(first);
        when(thread.create(8, Map.of())).thenThrow(limit("thread", "EAGAIN"));
        when(java.create(8, Map.of())).thenThrow(limit("java", "ENOMEM"));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> selector.create(null, 8, Map.of()));
        assertSame(first, e);
        assertEquals(2, e.getSuppressed().length);
        assertTrue(e.getSuppressed()[0].getMessage().startsWith("thread:"), e.getSuppressed()[0].getMessage());
    }

    @Test
    void aFallbackThatFailsOtherwiseIsThrownWithTheFirstFailureSuppressed() {
        UncheckedIOException first = limit("uring", "ENOMEM");
        when(uring.create(8, Map.of())).thenThrow(first);
        when(thread.create(8, Map.of())).thenThrow(new IllegalArgumentException("thread refuses the option"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> selector.create(null, 8, Map.of()));
        assertSame(first, e.getSuppressed()[0]);
    }

    @Test
    void aNamedImplementationNeverFallsBack() {
        UncheckedIOException first = limit("uring", "ENOMEM");
        when(uring.create(8, Map.of())).thenThrow(first);
        assertSame(first, assertThrows(UncheckedIOException.class, () -> selector.create("uring", 8, Map.of())));
        verify(thread, never()).create(anyInt(), anyMap());
        assertTrue(warnings.isEmpty());
    }
}
