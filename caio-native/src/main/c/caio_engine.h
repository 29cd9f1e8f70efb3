/*
 * caio_engine.h - the one interface every native I/O engine (thread pool,
 * linux AIO, io_uring) implements, so that the JNI face, argument
 * validation, batching and completion hand-off are written once
 * (caio_engine_jni.c) for all of them.
 *
 * Contract shared with the Java side (dev.caio.internal.natives.NativeContext):
 *   - Java admits at most max_requests operations; each carries a slot in
 *     [0, max_requests).  A slot is in use from submit until its completion is
 *     reaped; it completes exactly once (result >= 0 bytes, < 0 -errno).
 *   - Buffers are direct ByteBuffers that Java keeps reachable until the
 *     completion is reaped; engines never keep an address after that.
 *   - reap blocks until at least one completion exists; after shutdown it
 *     drains what is left and then returns -1 forever.
 */
#ifndef CAIO_ENGINE_H_
#define CAIO_ENGINE_H_

#include <stddef.h>
#include <stdint.h>

enum { CAIO_OP_READ = 0, CAIO_OP_WRITE = 1, CAIO_OP_FSYNC = 2, CAIO_OP_FDSYNC = 3 };

/* A completion result meaning "EINVAL because an O_DIRECT request was not
 * aligned": engines that can tell report -CAIO_E_MISALIGNED instead of
 * -EINVAL, so Java can say what to fix (see Errno.java). */
#define CAIO_E_MISALIGNED 4097

/* The largest max_requests any engine accepts. */
#define CAIO_ENGINE_MAX_REQUESTS (1 << 20)

/* caio_op_t.flags: the Java side knows this read's or write's descriptor
 * takes positional I/O (a FileDescriptor object names one open file for
 * its life), so an engine need not ask the kernel before queueing it. */
#define CAIO_OP_F_POSITIONAL 1u
/* caio_op_t.flags: the submitting thread waits for this op in user space (a
 * virtual thread parks; its carrier may sleep in the scheduler), never in
 * the engine.  An engine whose kernel finishes requests on the submitting
 * thread (io_uring's task work) hands such ops to its completion thread,
 * so that a completion does not have to wake a sleeping carrier first. */
#define CAIO_OP_F_DETACHED 2u

/* One validated operation.  fd may be negative (a closed FileDescriptor):
 * the engine completes it with -EBADF without a syscall. */
typedef struct caio_op {
    int32_t slot;
    int32_t kind;
    int fd;
    int64_t offset;
    void *addr;
    size_t len;
    uint32_t flags; /* CAIO_OP_F_* */
} caio_op_t;

typedef struct caio_completion {
    int32_t slot;
    int64_t result;
} caio_completion_t;

/* An engine's state.  Each engine library defines struct caio_engine for
 * itself, its first member a caio_head_t (caio_head.h); the shared code
 * sees it only through this pointer. */
typedef struct caio_engine caio_engine_t;

/* What an engine exports (caio_<name>_ops), used as is by the JNI face and
 * by the C tests.  Pinning a handle for a call and max_requests are the
 * same for all engines (caio_head.h). */
typedef struct caio_engine_ops {
    /* For messages: "thread pool", "linux aio", "io_uring". */
    const char *name;
    /* The mark of a live handle of this engine (caio_head_open). */
    uint64_t magic;
    /* Creates an engine; option is engine-specific (pool size, flags).  On
     * failure returns NULL with *err (positive errno) and *what (the failing
     * call) set, and the message goes into an IOException.  Argument checks
     * belong here too: return NULL with *err = EINVAL and *what describing
     * the bad argument. */
    caio_engine_t *(*create)(int max_requests, int option, int *err, const char **what);
    /* Queues count validated ops, all or nothing: 0, -ESHUTDOWN after
     * shutdown, -EBUSY if a slot is in use or repeated (*bad = its index). */
    int (*submit)(caio_engine_t *engine, const caio_op_t *ops, int count, int *bad);
    /* submit, then store in out up to max (>= 1) completions that exist
     * already - page-cache hits the kernel or the submitting thread finished
     * during the call - so that the submitter delivers them without a
     * thread hand-off.  Returns their number (>= 0) or what submit would
     * return (< 0). */
    int (*submit_collect)(caio_engine_t *engine, const caio_op_t *ops, int count, int *bad,
                          caio_completion_t *out, int max);
    /* See the contract above; max >= 1. */
    int (*reap)(caio_engine_t *engine, caio_completion_t *out, int max);
    /* Optional (NULL: Java waits on the future): the calling thread is about
     * to block on the request in `slot`; the engine may wait for completions
     * on this thread instead, where the kernel finishes the request without
     * waking anyone else.  Stores up to max (>= 1) completions, any slot's,
     * and returns their number once it has some; 0 when it did not wait (the
     * request is not where this thread can wait for it, another thread waits
     * there already, or the engine stops).  -EINVAL if slot is out of range.
     * Never returns while the request is in the kernel unless it stores a
     * completion or the engine stops: a caller that gets 0 waits for the
     * future, which whoever took the completion completes. */
    int (*await)(caio_engine_t *engine, int32_t slot, caio_completion_t *out, int max);
    /* 1 if the slot's request will complete with -ECANCELED without running,
     * 0 if it runs (or ran) to completion, -EINVAL if slot is out of range. */
    int (*cancel)(caio_engine_t *engine, int32_t slot);
    /* Idempotent: queued work completes with -ECANCELED, running work
     * finishes, engine threads are joined, the reaper is woken. */
    void (*shutdown)(caio_engine_t *engine);
    /* Frees the engine (shutting it down first if needed); 0, or -1 for a
     * stale handle. */
    int (*destroy)(caio_engine_t *engine);
    /* Optional (NULL: nothing to say): what the engine runs with, fixed at
     * create, for caio info and toString; NUL-terminated in buf[len]. */
    void (*features)(caio_engine_t *engine, char *buf, size_t len);
    /* Optional (NULL: none): the engine's own staging memory for heap data,
     * valid until destroy, with the size and stride of each slot's share;
     * NULL when the engine has none. */
    void *(*arena)(caio_engine_t *engine, size_t *len, size_t *slot_size, size_t *stride);
} caio_engine_ops_t;

#endif /* CAIO_ENGINE_H_ */
