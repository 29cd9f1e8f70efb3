package dev.caio.tck;

import dev.caio.AsyncFileContext;
import dev.caio.Operation;
import dev.caio.spi.AbstractAsyncFileContext;
import dev.caio.spi.AsyncFileContextProvider;
import dev.caio.spi.Capability;
import dev.caio.spi.ChannelIo;
import dev.caio.spi.Errno;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Set;

/**
 * A correct backend that cancels in flight ({@link Capability#CANCEL_IN_FLIGHT}): admitted operations wait in its own
 * engine queue for its one worker, and cancelling one still there takes it out. With {@code cancelsTheNextOne} it
 * takes out the operation after it instead, the slot-reuse mistake an engine's cancel can make, which the optional
 * rule r4.6 must catch.
 */
final class QueueingContext extends AbstractAsyncFileContext {
    private final ArrayDeque<Operation<?>> engine = new ArrayDeque<>(); // guarded by itself
    private final boolean cancelsTheNextOne;
    private final Worker worker;
    private boolean stopping; // guarded by engine

    QueueingContext(int maxRequests, boolean cancelsTheNextOne) {
        super("queueing", maxRequests);
        this.cancelsTheNextOne = cancelsTheNextOne;
        this.worker = new Worker();
        worker.start();
    }

    @Override
    protected void start(Operation<?>[] ops, int count) {
        synchronized (engine) {
            if (stopping) {
                throw new IllegalStateException("stopped");
            }
            for (int i = 0; i < count; i++) {
                engine.add(ops[i]);
            }
            engine.notifyAll();
        }
    }

    @Override
    protected void cancelRunning(Operation<?> op) {
        Operation<?> taken = null;
        synchronized (engine) {
            for (Iterator<Operation<?>> it = engine.iterator(); it.hasNext(); ) {
                if (it.next() == op) {
                    if (!cancelsTheNextOne) {
                        it.remove();
                        taken = op;
                    } else if (it.hasNext()) {
                        taken = it.next();
                        it.remove();
                    }
                    break;
                }
            }
        }
        if (taken != null) {
            complete(taken, -Errno.ECANCELED); // reported once: it left the engine queue, the worker never sees it
        }
    }

    @Override
    protected boolean shutdown() {
        synchronized (engine) {
            stopping = true;
            engine.notifyAll();
        }
        if (Thread.currentThread() == worker) {
            return false; // closed from a callback: the worker reports the rest, then ends
        }
        boolean interrupted = false;
        while (worker.isAlive()) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    /** The engine's one thread; ignores interrupts, which would close the caller's descriptor mid-call. */
    private final class Worker extends Thread {
        Worker() {
            super("caio-queueing-worker");
            setDaemon(true);
        }

        @Override
        public void run() {
            for (;;) {
                Operation<?> op;
                synchronized (engine) {
                    while (engine.isEmpty() && !stopping) {
                        try {
                            engine.wait();
                        } catch (InterruptedException e) {
                            // not reached: interrupt() is ignored
                        }
                    }
                    op = engine.poll();
                }
                if (op == null) {
                    return; // stopping, and every operation handed over was run
                }
                try {
                    ChannelIo.run(QueueingContext.this, op);
                } catch (Throwable t) { // a caller's callback threw: report it, keep serving
                    getUncaughtExceptionHandler().uncaughtException(this, t);
                }
            }
        }

        @Override
        public void interrupt() {
        }
    }

    /** A provider declaring {@link Capability#CANCEL_IN_FLIGHT}. */
    static AsyncFileContextProvider provider(boolean cancelsTheNextOne) {
        return new TestProvider("queueing", Set.of(Capability.CANCEL_IN_FLIGHT),
                max -> new QueueingContext(max, cancelsTheNextOne));
    }
}
