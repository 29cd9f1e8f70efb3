package dev.caio.internal.natives;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/** What the library asks of the calling thread, on JDK 17 and on JDKs with virtual threads alike. */
final class CallerThreads {
    /** {@code Thread::isVirtual} where the JDK has it (21+), else a constant false. */
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

    private CallerThreads() {
    }

    /**
     * Whether the calling thread is virtual: a virtual thread blocked in a native call pins its carrier, so it must
     * wait on a future instead.
     */
    static boolean currentIsVirtual() {
        try {
            return (boolean) IS_VIRTUAL.invokeExact(Thread.currentThread());
        } catch (Throwable e) {
            return true; // cannot happen; when unsure, do not block in native code
        }
    }

    private static MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual",
                    MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException e) {
            return MethodHandles.dropArguments(MethodHandles.constant(boolean.class, false), 0, Thread.class);
        }
    }
}
