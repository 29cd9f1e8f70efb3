package dev.caio.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.caio.internal.natives.NativeBackend;
import dev.caio.internal.natives.NativeEngine;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine calls of every native library go through one class, bound to the code of whichever library bound last,
 * and each call carries the face of its own library. With the three libraries loaded in one JVM, each engine still
 * runs only its own handles: a handle passed with another library's face is refused as stale, never run by the
 * wrong engine, and the owner's calls keep working.
 */
class SharedEngineFaceTest {
    private static final String[] PROVIDERS = {"dev.caio.thread.ThreadPoolProvider",
        "dev.caio.linux.LinuxAioProvider", "dev.caio.uring.IoUringProvider"};
    /** A one-thread pool for the thread engine; linux and uring take 0 as their defaults. */
    private static final int[] OPTIONS = {1, 0, 0};

    private static NativeBackend backend(String provider) throws ReflectiveOperationException {
        Field f = Class.forName(provider).getDeclaredField("BACKEND");
        f.setAccessible(true);
        return (NativeBackend) f.get(null);
    }

    @Test
    void aHandleIsRunOnlyByItsOwnLibrarysEngine() throws Exception {
        List<NativeEngine> engines = new ArrayList<>();
        List<Long> handles = new ArrayList<>();
        for (int i = 0; i < PROVIDERS.length; i++) {
            NativeBackend b = backend(PROVIDERS[i]);
            if (b.isAvailable()) {
                engines.add(b.engine());
                handles.add(b.engine().create(4, OPTIONS[i]));
            }
        }
        assumeTrue(engines.size() >= 2, "fewer than two native backends work here");
        try {
            for (int owner = 0; owner < engines.size(); owner++) {
                long handle = handles.get(owner);
                for (int other = 0; other < engines.size(); other++) {
                    if (other == owner) {
                        continue;
                    }
                    NativeEngine wrong = engines.get(other);
                    IllegalStateException e = assertThrows(IllegalStateException.class,
                            () -> wrong.cancel(handle, 0));
                    assertTrue(e.getMessage().contains("stale or invalid"), e.getMessage());
                    assertThrows(IllegalStateException.class, () -> wrong.shutdown(handle));
                }
                assertEquals(false, engines.get(owner).cancel(handle, 0), "an idle slot has nothing to cancel");
            }
        } finally {
            for (int i = 0; i < engines.size(); i++) {
                engines.get(i).destroy(handles.get(i));
            }
        }
    }
}
