package dev.caio;

import dev.caio.internal.BackendSelector;
import java.io.FileDescriptor;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Asynchronous reads, writes and syncs at an offset of a file descriptor, completed through futures: the Java port
 * of Python caio's context. One context serves any number of descriptors and threads.
 *
 * <pre>{@code
 * try (AsyncFileContext ctx = AsyncFileContext.create();
 *      RandomAccessFile file = new RandomAccessFile("test.file", "rw")) {
 *     FileDescriptor fd = file.getFD();
 *     ctx.write("Hello world".getBytes(), fd, 0).join();
 *     byte[] hello = ctx.read(5, fd, 0).join();        // "Hello"
 *     byte[] world = ctx.read(5, fd, 6).join();        // "world"
 * }
 * }</pre>
 *
 * <p><b>Admission.</b> At most {@link #maxRequests()} operations are inside the backend at once; more are queued and
 * admitted in submission order as slots free. Submitting never blocks and never reports a full queue.
 *
 * <p><b>Threading.</b> All methods are thread-safe. Futures complete on a thread of the backend (its completion
 * thread or an I/O worker; each backend documents which), so continuations attached with {@code thenApply} and
 * friends run there and must not block for long. Move them elsewhere with the {@code *Async} variants and an
 * executor: {@code ctx.read(n, fd, 0).thenApplyAsync(this::parse, myExecutor)}.
 *
 * <p><b>Buffers.</b> The library owns the buffer range of an operation until its future completes (see
 * {@link Operation} for the rules after a cancellation). Reads advance the position of a buffer by the count read,
 * writes by the count written; heap arrays and buffers are never written after their future completed.
 *
 * <p><b>Failures.</b> Bad arguments throw at once: {@link NullPointerException} for nulls,
 * {@link IllegalArgumentException} for a negative offset or length or a read-only read target, and
 * {@link IllegalStateException} for any submission after {@link #close()}. Failures of the I/O itself (a closed or
 * wrong-mode descriptor, a full disk) complete the future exceptionally with a {@link CaioIOException} naming the
 * errno; a write completes with its full count or fails, never short. Each operation is checked on its own: in a
 * batch, only a bad one fails. The same cause gives the same errno and message on every implementation, as
 * {@code pread(2)}/{@code pwrite(2)} would: {@code EINVAL} for an offset plus length beyond the largest file offset,
 * {@code ESPIPE} for a pipe or socket, {@code EISDIR} for a directory, {@code EINVAL} saying "misaligned" for an
 * {@code O_DIRECT} request off the device's alignment, {@code ENOMEM} when staging memory cannot be allocated.
 *
 * <p><b>Closing descriptors.</b> An operation carries its descriptor's number until the kernel takes it. Do not close
 * a raw {@link FileDescriptor} while its operations are in flight: once the number is free, the next file the process
 * opens may get it, and queued operations would then read or write that other file. Files opened through
 * {@link OpenFile} (and the library's other file types) are safe: their {@code close()} fails queued operations with
 * {@code EBADF} and keeps the number until the kernel is done with it.
 *
 * @since 0.1
 */
public interface AsyncFileContext extends AutoCloseable {

    /** Python caio's {@code MAX_REQUESTS_DEFAULT}: operations in flight inside the backend at once. */
    int DEFAULT_MAX_REQUESTS = 512;

    /** The largest {@code maxRequests} a context takes: 2^20, checked before anything is allocated. */
    int MAX_REQUESTS_LIMIT = 1 << 20;

    /**
     * The most bytes one read returns, and so the largest {@link #read(int, FileDescriptor, long)}: Linux's
     * {@code MAX_RW_COUNT}, {@code INT_MAX} rounded down to a 4 KiB page. Bigger buffer reads return short, as
     * {@code pread} does; bigger writes are continued until complete.
     */
    int MAX_TRANSFER = 0x7FFF_F000;

    /**
     * A context of the selected implementation (see {@link #selection()}) admitting
     * {@value #DEFAULT_MAX_REQUESTS} operations at once.
     *
     * <p>If the selected implementation cannot create a context because a kernel or process limit is exhausted (a
     * {@link CaioIOException} of {@code EAGAIN}, {@code ENOMEM}, {@code EMFILE} or {@code ENFILE}: for example
     * {@code fs.aio-max-nr} for {@code linux}, {@code RLIMIT_MEMLOCK} for {@code uring}, the thread limits for
     * {@code thread}), the next available implementation by priority is used instead, and a warning naming both, the
     * limit and how to raise it is logged once through {@link System.Logger} {@code dev.caio}. Other failures are
     * thrown as they are.
     *
     * @return a new open context; the caller owns it and must {@link #close()} it
     * @throws IllegalStateException if no implementation is available (never with {@code caio-java} present)
     * @throws java.io.UncheckedIOException if every available implementation hit a limit: the selected one's failure,
     *         whose message names the limit, its value and the command that raises it, whose cause is a
     *         {@link CaioIOException} naming the errno, and to which the others' failures are attached as suppressed
     */
    static AsyncFileContext create() {
        return create(DEFAULT_MAX_REQUESTS);
    }

    /**
     * A context of the selected implementation admitting {@code maxRequests} operations at once, falling back to the
     * next implementation when a limit is exhausted, as {@link #create()} does.
     *
     * @param maxRequests how many operations the backend holds at once, in
     *        {@code [1, }{@link #MAX_REQUESTS_LIMIT}{@code ]}; further ones wait in the context's queue
     * @return a new open context; the caller owns it and must {@link #close()} it
     * @throws IllegalArgumentException if {@code maxRequests} is out of that range
     * @throws IllegalStateException if no implementation is available
     * @throws java.io.UncheckedIOException if every available implementation hit a limit, as for {@link #create()}
     */
    static AsyncFileContext create(int maxRequests) {
        return builder().maxRequests(maxRequests).build();
    }

    /**
     * A context of the named implementation, with no fallback.
     *
     * @param implementation the implementation's name, such as {@code "uring"} or {@code "java"}
     * @param maxRequests how many operations the backend holds at once, in
     *        {@code [1, }{@link #MAX_REQUESTS_LIMIT}{@code ]}
     * @return a new open context of that implementation; the caller owns it and must {@link #close()} it
     * @throws IllegalArgumentException if {@code maxRequests} is out of range, or no implementation has that name
     *         (the message lists the names there are)
     * @throws IllegalStateException if it exists but is unavailable here; the message says why and the cause is the
     *         probe's failure
     * @throws java.io.UncheckedIOException if it cannot create a context now, for example because a kernel or process
     *         limit is exhausted; the message names the limit, its value and the command that raises it, and the
     *         cause is a {@link CaioIOException} naming the errno ({@code EAGAIN}, {@code ENOMEM}, ...)
     * @throws NullPointerException if {@code implementation} is null
     */
    static AsyncFileContext create(String implementation, int maxRequests) {
        return builder().implementation(implementation).maxRequests(maxRequests).build();
    }

    /**
     * A builder for contexts with an explicit implementation or backend options.
     *
     * @return a new builder with the defaults: automatic selection, {@value #DEFAULT_MAX_REQUESTS} requests, no
     *         options
     */
    static ContextBuilder builder() {
        return new ContextBuilder();
    }

    /**
     * The implementation's name.
     *
     * @return {@code "uring"}, {@code "linux"}, {@code "thread"}, {@code "java"}, or another provider's name
     */
    String implementation();

    /**
     * How many operations this context lets into the backend at once.
     *
     * @return the {@code maxRequests} it was created with
     */
    int maxRequests();

    /**
     * Reads up to {@code nbytes} at {@code offset}. The future gives exactly the bytes read: shorter at end of file,
     * empty past it. The returned future is an {@link Operation}; cancelling it cancels the read. The result array is
     * allocated when the read completes, of the length read; see {@link Operation#read(int, FileDescriptor, long)}.
     *
     * @param nbytes the most bytes to read, in {@code [0, }{@link #MAX_TRANSFER}{@code ]}
     * @param fd an open, readable descriptor; it must stay open until the future completes
     * @param offset the file offset to read at, not negative
     * @return the read's {@link Operation}, completing with the bytes read, or exceptionally with a
     *         {@link CaioIOException}
     * @throws IllegalArgumentException if {@code nbytes} is negative or above {@link #MAX_TRANSFER}, or
     *         {@code offset} is negative
     * @throws NullPointerException if {@code fd} is null
     * @throws IllegalStateException if the context is closed
     */
    CompletableFuture<byte[]> read(int nbytes, FileDescriptor fd, long offset);

    /**
     * Reads into {@code dst} from its position to its limit; the future gives the count, and the position advances.
     * The count is short only at end of file (0 at or past it), or for more than {@link #MAX_TRANSFER} bytes.
     *
     * @param dst the buffer to fill, heap or direct; the library owns its remaining range until the future
     *        completes (after a cancellation, until {@link Operation#released()})
     * @param fd an open, readable descriptor
     * @param offset the file offset to read at, not negative
     * @return the read's {@link Operation}, completing with the count read, or exceptionally with a
     *         {@link CaioIOException}
     * @throws IllegalArgumentException if {@code dst} is read-only or {@code offset} is negative
     * @throws NullPointerException if an argument is null
     * @throws IllegalStateException if the context is closed
     */
    CompletableFuture<Integer> read(ByteBuffer dst, FileDescriptor fd, long offset);

    /**
     * Writes all of {@code payload} at {@code offset}; the future gives {@code payload.length}.
     *
     * @param payload the bytes to write; read while the write runs, so do not change them before the future
     *        completes
     * @param fd an open, writable descriptor
     * @param offset the file offset to write at, not negative
     * @return the write's {@link Operation}, completing with {@code payload.length}, or exceptionally with a
     *         {@link CaioIOException} (never with a short count)
     * @throws IllegalArgumentException if {@code offset} is negative
     * @throws NullPointerException if an argument is null
     * @throws IllegalStateException if the context is closed
     */
    CompletableFuture<Integer> write(byte[] payload, FileDescriptor fd, long offset);

    /**
     * Writes {@code src} from its position to its limit (read-only buffers allowed); the position advances.
     *
     * @param src the bytes to write, heap or direct; the library owns its remaining range until the future
     *        completes (after a cancellation, until {@link Operation#released()})
     * @param fd an open, writable descriptor
     * @param offset the file offset to write at, not negative
     * @return the write's {@link Operation}, completing with the whole remaining length, or exceptionally with a
     *         {@link CaioIOException} (never with a short count)
     * @throws IllegalArgumentException if {@code offset} is negative
     * @throws NullPointerException if an argument is null
     * @throws IllegalStateException if the context is closed
     */
    CompletableFuture<Integer> write(ByteBuffer src, FileDescriptor fd, long offset);

    /**
     * {@code fsync(2)}: data and metadata of the file reach stable storage.
     *
     * @param fd an open descriptor
     * @return the sync's {@link Operation}, completing with {@code null}, or exceptionally with a
     *         {@link CaioIOException}
     * @throws NullPointerException if {@code fd} is null
     * @throws IllegalStateException if the context is closed
     */
    CompletableFuture<Void> fsync(FileDescriptor fd);

    /**
     * {@code fdatasync(2)}: data (and the metadata needed to read it) reach stable storage.
     *
     * @param fd an open descriptor
     * @return the sync's {@link Operation}, completing with {@code null}, or exceptionally with a
     *         {@link CaioIOException}
     * @throws NullPointerException if {@code fd} is null
     * @throws IllegalStateException if the context is closed
     */
    CompletableFuture<Void> fdsync(FileDescriptor fd);

    /**
     * Hands all {@code ops} to the backend in one call (one kernel crossing where the backend can) and returns how
     * many it accepted, which is all of them: those beyond {@link #maxRequests()} wait in the queue.
     *
     * @param ops new operations, from the factories of {@link Operation}; each completes as its own future
     * @return {@code ops.length}
     * @throws IllegalStateException if one of them was already submitted, cancelled or completed (then none is
     *         submitted), or the context is closed
     * @throws NullPointerException if an operation is null
     */
    int submit(Operation<?>... ops);

    /**
     * {@link #submit(Operation[])} for a list.
     *
     * @param ops new operations, from the factories of {@link Operation}
     * @return {@code ops.size()}
     * @throws IllegalStateException if one of them was already submitted, cancelled or completed (then none is
     *         submitted), or the context is closed
     * @throws NullPointerException if the list or an operation is null
     */
    int submit(List<? extends Operation<?>> ops);

    /**
     * Cancels operations of this context. Each future completes with a cancellation at once; the return value counts
     * those that were still queued and so are guaranteed never to run. Operations already in the backend are
     * cancelled there if the backend can; their {@link Operation#released()} says when their memory is free.
     * Operations of other contexts and finished ones are ignored.
     *
     * @param ops operations submitted to this context
     * @return how many of them were still queued, and so never reach the backend
     */
    int cancel(Operation<?>... ops);

    /**
     * Closes the context: queued operations fail with a {@link CaioIOException} ({@code ECANCELED}), operations in
     * the backend finish (or fail the same way where the backend can cancel them), then the backend's threads and
     * memory are released. Every future is complete when this returns. Idempotent, and safe to call from several
     * threads: every caller returns only after the first one finished. Later submissions throw
     * {@link IllegalStateException}.
     *
     * <p>Called from a completion callback of this same context (on its completion thread or an I/O worker), it
     * cannot wait for the operations that thread itself must still deliver: it stops the context and returns at
     * once, and those futures complete shortly after, on the backend's thread. Closing from another thread has no
     * such exception.
     */
    @Override
    void close();

    /**
     * Every implementation on the class path or module path, available or not, in priority order.
     *
     * @return the implementations found, highest priority first; each says whether it is available here and, if not,
     *         why
     */
    static List<ImplementationInfo> implementations() {
        return BackendSelector.instance().implementations();
    }

    /**
     * Which implementation {@link #create()} picks now and by which rule: the {@code caio.impl} system property, the
     * {@code CAIO_IMPL} environment variable, the first {@code META-INF/caio/default_implementation} resource, or
     * priority. Warnings name requested values that were skipped and why.
     *
     * @return the implementation {@link #create()} would use, the rule that chose it and the warnings
     * @throws IllegalStateException if no implementation is available
     */
    static Selection selection() {
        return BackendSelector.instance().select();
    }
}
