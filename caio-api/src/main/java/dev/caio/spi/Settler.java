package dev.caio.spi;

import dev.caio.Operation;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Settling reported outcomes: decide each (copying staged reads out while the slot still owns its staging memory),
 * free their slots under one lock, complete the futures, then start what the freed slots admitted.
 */
final class Settler {
    private Settler() {
    }

    /** Settles one outcome; {@code error} non-null reports a failure. */
    static void one(AbstractAsyncFileContext context, Slots slots, Operation<?> op, long result, ByteBuffer staging,
            Throwable error) {
        Settlement s = Settlement.acquire(1, context);
        try {
            s.ops[0] = op;
            s.results[0] = result;
            s.staging[0] = staging;
            s.errors[0] = error;
            settle(context, slots, s, 1);
        } finally {
            s.release(1);
        }
    }

    /**
     * Settles {@code s}'s first {@code count} entries. Every future is completed even if a callback throws: the first
     * such throwable is rethrown after the last one, with any later ones suppressed in it.
     */
    static void settle(AbstractAsyncFileContext context, Slots slots, Settlement s, int count) {
        for (int i = 0; i < count; i++) {
            s.modes[i] = Outcomes.decide(s, i, slots);
        }
        int next = freeSlots(slots, s, count);
        for (int i = 0; i < count; i++) {
            if (s.modes[i] == Settlement.FINISH || s.modes[i] == Settlement.RELEASE) {
                DescriptorGuard.leave(s.ops[i]); // the backend is done with the descriptor's number
            }
        }
        Throwable thrown = null;
        for (int i = 0; i < count; i++) {
            try {
                Outcomes.finish(s, i);
            } catch (RuntimeException | Error e) {
                if (thrown == null) {
                    thrown = e;
                } else {
                    thrown.addSuppressed(e);
                }
            }
        }
        if (next == 1) {
            Dispatch.startOne(context, s.next[0]);
        } else if (next > 1) {
            Dispatch.start(context, Arrays.copyOf(s.next, next), next); // a copy: dispatch may keep it
        }
        if (thrown instanceof RuntimeException e) {
            throw e;
        } else if (thrown != null) {
            throw (Error) thrown;
        }
    }

    /**
     * Frees the slots of the finished and released entries under one lock, admitting queued operations into them;
     * collects those, and the short writes to continue, in {@code s.next}. Returns how many.
     */
    private static int freeSlots(Slots slots, Settlement s, int count) {
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (s.modes[i] == Settlement.AGAIN) {
                s.next[n++] = s.ops[i];
            }
        }
        synchronized (slots.lock) {
            for (int i = 0; i < count; i++) {
                byte mode = s.modes[i];
                if (mode == Settlement.FINISH || mode == Settlement.RELEASE) {
                    Operation<?> admitted = slots.releaseLocked(s.ops[i]);
                    if (admitted != null) {
                        s.next[n++] = admitted;
                    }
                }
            }
        }
        return n;
    }
}
