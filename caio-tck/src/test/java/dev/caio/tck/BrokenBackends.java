package dev.caio.tck;

import dev.caio.AsyncFileContext;
import dev.caio.spi.AsyncFileContextProvider;
import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
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
