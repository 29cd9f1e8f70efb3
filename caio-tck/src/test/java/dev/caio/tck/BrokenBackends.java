package dev.caio.tck;

import dev.caio.AsyncFileContext;
import dev.caio.Operation;
import dev.caio.spi.AsyncFileContextProvider;
import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Deliberately broken backends, each a TCK subclass exactly as a backend author writes one. Nested, so that the
 * build's test scan does not run them directly; {@link AsyncFileContextTckSelfTest} runs each and checks that the TCK
 * catches its bug.
 */
final class BrokenBackends {
    private BrokenBackends() {
    }

    abstract static class Base extends AsyncFileContextTck {
        abstract UnaryOperator<AsyncFileContext> breaker();

        @Override
        protected AsyncFileContextProvider provider() {
            return ReferenceContext.provider(breaker());
        }
    }

    /** Not broken: the control that must pass every rule. */
    static final class Correct extends Base {
        @Override
        UnaryOperator<AsyncFileContext> breaker() {
            return ctx -> ctx;
        }
    }

    /** Not broken: completes every operation inside the call that submits it, as the SPI allows; passes every rule. */
    static final class Inline extends AsyncFileContextTck {
        @Override
        protected AsyncFileContextProvider provider() {
            return InlineContext.provider(InlineContext::new);
        }
    }

    /** Not broken: cancels in flight and declares it; passes every rule, the optional r4.6 included. */
    static final class CancelsInFlight extends AsyncFileContextTck {
        @Override
        protected AsyncFileContextProvider provider() {
            return QueueingContext.provider(false);
        }
    }

    /** Declares {@code CANCEL_IN_FLIGHT}, but its engine's cancel takes out the operation after the one cancelled. */
    static final class CancelsTheNextOne extends AsyncFileContextTck {
        @Override
        protected AsyncFileContextProvider provider() {
            return QueueingContext.provider(true);
        }
    }

    /** The most operations the inline backends below let into their engine, whatever maxRequests they report. */
    private static final int ENGINE_SLOTS = 1 << 16;

    /**
     * Completes inline, reports the maxRequests asked for, but lets every operation into its engine at once: work
     * that had to wait in the queue is running instead, and a cancel() of it removes nothing.
     */
    static final class InlineAdmitsEverything extends AsyncFileContextTck {
        @Override
        protected AsyncFileContextProvider provider() {
            return InlineContext.provider(max -> new ForwardingContext(new InlineContext(ENGINE_SLOTS)) {
                @Override
                public int maxRequests() {
                    return max;
                }
            });
        }
    }

    /**
     * As {@link InlineAdmitsEverything}, and its cancel() counts every operation it cancelled as removed from the
     * queue, though each then runs: cancelled queued work reaches the file.
     */
    static final class InlineRunsCancelledQueuedWork extends AsyncFileContextTck {
        @Override
        protected AsyncFileContextProvider provider() {
            return InlineContext.provider(max -> new ForwardingContext(new InlineContext(ENGINE_SLOTS)) {
                @Override
                public int maxRequests() {
                    return max;
                }

                @Override
                public int cancel(Operation<?>... ops) {
                    int claimed = 0;
                    for (Operation<?> op : ops) {
                        boolean pending = !op.isDone();
                        delegate.cancel(op);
                        claimed += pending && op.isCancelled() ? 1 : 0;
                    }
                    return claimed;
                }
            });
        }
    }

    /**
     * Runs a batch's first operation after all the others, so that nothing is left queued when its completion is
     * delivered: r4.1 then has nothing to check, and must say so by skipping, not pass or fail silently.
     */
    static final class FirstOfABatchLast extends AsyncFileContextTck {
        @Override
        protected AsyncFileContextProvider provider() {
            return InlineContext.provider(max -> new ForwardingContext(new InlineContext(max)) {
                @Override
                public int submit(List<? extends Operation<?>> ops) {
                    if (ops.size() > 1) {
                        delegate.submit(ops.subList(1, ops.size()));
                    }
                    delegate.submit(ops.get(0));
                    return ops.size();
                }

                @Override
                public int submit(Operation<?>... ops) {
                    return submit(List.of(ops));
                }
            });
        }
    }

    /** Reads and writes one byte past the offset asked for. */
    static final class WrongOffset extends Base {
        @Override
        UnaryOperator<AsyncFileContext> breaker() {
            return ctx -> new ForwardingContext(ctx) {
                @Override
                public CompletableFuture<byte[]> read(int nbytes, FileDescriptor fd, long offset) {
                    return delegate.read(nbytes, fd, offset + 1);
                }

                @Override
                public CompletableFuture<Integer> write(byte[] payload, FileDescriptor fd, long offset) {
                    return delegate.write(payload, fd, offset + 1);
                }
            };
        }
    }

    /** Pads a short read with zeros up to the size asked for. */
    static final class PaddedShortRead extends Base {
        @Override
        UnaryOperator<AsyncFileContext> breaker() {
            return ctx -> new ForwardingContext(ctx) {
                @Override
                public CompletableFuture<byte[]> read(int nbytes, FileDescriptor fd, long offset) {
                    return delegate.read(nbytes, fd, offset).thenApply(b -> Arrays.copyOf(b, nbytes));
                }
            };
        }
    }

    /** Turns failures into empty successes. */
    static final class SwallowedError extends Base {
        @Override
        UnaryOperator<AsyncFileContext> breaker() {
            return ctx -> new ForwardingContext(ctx) {
                @Override
                public CompletableFuture<byte[]> read(int nbytes, FileDescriptor fd, long offset) {
                    return delegate.read(nbytes, fd, offset).exceptionally(e -> new byte[0]);
                }

                @Override
                public CompletableFuture<Integer> write(byte[] payload, FileDescriptor fd, long offset) {
                    return delegate.write(payload, fd, offset).exceptionally(e -> 0);
                }
            };
        }
    }

    /** Hands every read result back in one shared array. */
    static final class AliasedBuffers extends Base {
        @Override
        UnaryOperator<AsyncFileContext> breaker() {
            return ctx -> new ForwardingContext(ctx) {
                private final Map<Integer, byte[]> shared = new ConcurrentHashMap<>();

                @Override
                public CompletableFuture<byte[]> read(int nbytes, FileDescriptor fd, long offset) {
                    return delegate.read(nbytes, fd, offset).thenApply(b -> {
                        byte[] one = shared.computeIfAbsent(b.length, byte[]::new);
                        System.arraycopy(b, 0, one, 0, b.length);
                        return one;
                    });
                }
            };
        }
    }

    /** Keeps working after close(). */
    static final class WorkAfterClose extends Base {
        @Override
        UnaryOperator<AsyncFileContext> breaker() {
            return ctx -> new ForwardingContext(ctx) {
                @Override
                public void close() {
                    // "closed", but the engine stays up
                }
            };
        }
    }

    /** Does not advance the position of a buffer it read into. */
    static final class IgnoresPosition extends Base {
        @Override
        UnaryOperator<AsyncFileContext> breaker() {
            return ctx -> new ForwardingContext(ctx) {
                @Override
                public CompletableFuture<Integer> read(ByteBuffer dst, FileDescriptor fd, long offset) {
                    return delegate.read(dst.duplicate(), fd, offset);
                }
            };
        }
    }

    /** An fsync that never reaches the kernel (upstream's wrong-opcode bug). */
    static final class NoopFsync extends Base {
        @Override
        UnaryOperator<AsyncFileContext> breaker() {
            return ctx -> new ForwardingContext(ctx) {
                @Override
                public CompletableFuture<Void> fsync(FileDescriptor fd) {
                    return CompletableFuture.completedFuture(null);
                }

                @Override
                public CompletableFuture<Void> fdsync(FileDescriptor fd) {
                    return CompletableFuture.completedFuture(null);
                }
            };
        }
    }

    /** Reports a short write as done. */
    static final class ShortWrite extends Base {
        @Override
        UnaryOperator<AsyncFileContext> breaker() {
            return ctx -> new ForwardingContext(ctx) {
                @Override
                public CompletableFuture<Integer> write(byte[] payload, FileDescriptor fd, long offset) {
                    return delegate.write(Arrays.copyOf(payload, payload.length / 2), fd, offset);
                }
            };
        }
    }

    /** Refuses work beyond maxRequests instead of queueing it. */
    static final class QueueFull extends Base {
        @Override
        UnaryOperator<AsyncFileContext> breaker() {
            return ctx -> new ForwardingContext(ctx) {
                private final AtomicInteger inFlight = new AtomicInteger();

                @Override
                public CompletableFuture<Integer> write(byte[] payload, FileDescriptor fd, long offset) {
                    if (inFlight.incrementAndGet() > maxRequests()) {
                        inFlight.decrementAndGet();
                        return CompletableFuture.failedFuture(new IOException("queue full"));
                    }
                    return delegate.write(payload, fd, offset).whenComplete((v, e) -> inFlight.decrementAndGet());
                }
            };
        }
    }

    /** Forgets the futures still pending when it is closed. */
    static final class CloseLeavesPending extends Base {
        @Override
        UnaryOperator<AsyncFileContext> breaker() {
            return ctx -> new ForwardingContext(ctx) {
                private final AtomicBoolean closed = new AtomicBoolean();

                private <T> CompletableFuture<T> forgetful(CompletableFuture<T> real) {
                    CompletableFuture<T> shown = new CompletableFuture<>();
                    real.whenComplete((v, e) -> {
                        if (!closed.get()) {
                            if (e != null) {
                                shown.completeExceptionally(e);
                            } else {
                                shown.complete(v);
                            }
                        }
                    });
                    return shown;
                }

                @Override
                public CompletableFuture<byte[]> read(int nbytes, FileDescriptor fd, long offset) {
                    return forgetful(delegate.read(nbytes, fd, offset));
                }

                @Override
                public CompletableFuture<Integer> write(byte[] payload, FileDescriptor fd, long offset) {
                    return forgetful(delegate.write(payload, fd, offset));
                }

                @Override
                public void close() {
                    closed.set(true);
                    delegate.close();
                }
            };
        }
    }
}
