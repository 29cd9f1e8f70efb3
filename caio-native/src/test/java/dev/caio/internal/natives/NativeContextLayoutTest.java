package dev.caio.internal.natives;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caio.CaioIOException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/**
 * The layout handshake: an engine whose numbers differ from NativeContext's is refused before anything is created.
 * (The real libraries pass it in every backend test; a fake engine stands in for a library of another build.)
 */
class NativeContextLayoutTest {

    /** An engine that creates nothing: create fails as the kernel would, so no native call is ever made. */
    private static NativeEngine engine(String layout, boolean[] created) {
        return new NativeEngine() {
            @Override
            public long create(int maxRequests, int option) throws IOException {
                created[0] = true;
                throw new CaioIOException(12, "ENOMEM", "create failed: ENOMEM (Cannot allocate memory)", null);
            }

            @Override
            public int submit(long handle, Object[] fds, Object[] buffers, long[] params, int count,
                              long[] completions) {
                throw new AssertionError();
            }

            @Override
            public int reap(long handle, long[] out) {
                throw new AssertionError();
            }

            @Override
            public boolean cancel(long handle, int slot) {
                throw new AssertionError();
            }

            @Override
            public void shutdown(long handle) {
                throw new AssertionError();
            }

            @Override
            public void destroy(long handle) {
                throw new AssertionError();
            }

            @Override
            public long allocated() {
                return 0;
            }

            @Override
            public String layout() {
                return layout;
            }
        };
    }

    private static void context(NativeEngine e) {
        new NativeContext("fake", 4, false, e, 0, "caio-fake-completion-1");
    }

    @Test
    void anEngineOfAnotherLayoutIsRefusedBeforeItCreatesAnything() {
        boolean[] created = {false};
        String other = NativeLayout.LAYOUT.replace("params=5", "params=6");
        UnsatisfiedLinkError e = assertThrows(UnsatisfiedLinkError.class, () -> context(engine(other, created)));
        assertTrue(e.getMessage().contains(other) && e.getMessage().contains(NativeLayout.LAYOUT), e.getMessage());
        assertTrue(!created[0], "create ran despite the mismatch");
    }

    @Test
    void anEngineOfTheSameLayoutGetsToCreate() {
        boolean[] created = {false};
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> context(engine(NativeLayout.LAYOUT, created)));
        assertTrue(created[0] && e.getMessage().contains("ENOMEM"), e.getMessage());
    }
}
