package dev.caio.spi;

import dev.caio.Operation;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A fixed pool of daemon threads that run operations with {@link ChannelIo}: the {@code java} backend's engine, and
 * a ready one for backend authors who serve descriptors in pure Java.
 *
 * <p>The threads ignore {@link Thread#interrupt()}: the JDK closes a {@code FileChannel} whose thread is interrupted
 * in a call, and with it the caller's descriptor, so no interrupt may reach them. They are stopped by
 * {@link #shutdown()} instead, after every operation handed to {@link #execute} has run.
 *
 * @since 0.1
 */
public final class ChannelIoPool {
    /** Tells a worker to stop; queued after every operation, so that those still run. */
    private static final Operation<?> STOP = Operation.fsync(new java.io.FileDescriptor());

    private final AbstractAsyncFileContext context;
    /** Operations to run; the context admits at most its maxRequests, which bounds it. */
    private final LinkedBlockingQueue<Operation<?>> queue = new LinkedBlockingQueue<>();
    private final Worker[] workers;

    /**
     * Starts {@code threads} workers named {@code <namePrefix><n>} (n from 1), reporting to {@code context}.
     *
     * @param context the context the operations belong to
     * @param namePrefix the threads' name prefix, such as {@code "caio-java-3-"}
     * @param threads how many, at least 1
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public ChannelIoPool(AbstractAsyncFileContext context, String namePrefix, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        this.context = context;
        this.workers = new Worker[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = new Worker(this, namePrefix + (i + 1));
            workers[i].start();
        }
    }

    /**
     * Queues {@code op} to run on a worker; never blocks. Call from any thread, typically from
     * {@link AbstractAsyncFileContext#start}.
     *
     * @param op an operation the pool's context started; a worker runs it with {@link ChannelIo#run} and reports
     *        its outcome to that context, on the worker thread
     */
    public void execute(Operation<?> op) {
        queue.add(op);
    }

    /**
     * Stops the workers once every queued operation has run, and waits for them, unless called on one of them (from a
     * completion callback): then it returns at once and the other workers drain the queue.
     *
     * @return true if the workers have stopped (the contract of {@link AbstractAsyncFileContext#shutdown()}), false
     *         if called on a worker
     */
    public boolean shutdown() {
        for (int i = 0; i < workers.length; i++) {
            queue.add(STOP);
        }
        if (Thread.currentThread() instanceof Worker w && w.pool == this) {
            return false;
        }
        boolean interrupted = false;
        for (Worker w : workers) {
            while (w.isAlive()) {
                try {
                    w.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    private static final class Worker extends Thread {
        final ChannelIoPool pool;

        Worker(ChannelIoPool pool, String name) {
            super(name);
            this.pool = pool;
            setDaemon(true);
        }

        @Override
        public void run() {
            for (;;) {
                Operation<?> op;
                try {
                    op = pool.queue.take();
                } catch (InterruptedException e) {
                    continue; // not reached: interrupts are ignored, and shutdown queues STOP instead
                }
                if (op == STOP) {
                    return;
                }
                try {
                    ChannelIo.run(pool.context, op);
                } catch (Throwable t) { // a caller's callback threw: report it, and keep the worker for the rest
                    getUncaughtExceptionHandler().uncaughtException(this, t);
                }
            }
        }

        /** Ignored: an interrupt during FileChannel I/O would close the caller's descriptor. */
        @Override
        public void interrupt() {
        }
    }
}
