/*
 * caio_thread_pool.h - a pool of pthreads doing pread/pwrite/fsync on
 * behalf of the JVM, the C port of Python caio's thread_aio; it grows while
 * work waits for the device and shrinks when idle (caio_thread_workers.c).
 *
 * Pure C on purpose: no JNI here, so the pool can be tested (and run under
 * ASan/valgrind) without a JVM.  The JNI layer validates Java objects and
 * hands the pool plain file descriptors and addresses.
 *
 * Lifecycle: create -> (submit | cancel | reap)* -> shutdown -> reap until -1
 * -> destroy.  Every slot completes exactly once per submission, and a slot
 * stays "in use" until its completion is reaped, so the done queue can
 * never hold more than max_requests entries.
 */
#ifndef CAIO_THREAD_POOL_H_
#define CAIO_THREAD_POOL_H_

#include <stddef.h>
#include <stdint.h>

#include "caio_engine.h"

/* Limits are part of the Java contract (ThreadPoolNative.create). */
#define CAIO_POOL_MAX_REQUESTS CAIO_ENGINE_MAX_REQUESTS
#define CAIO_POOL_MAX_THREADS 1024
/* create's option: the most threads in the low 16 bits, and this bit for
 * page-cache reads run on the submitting and reaping threads (preadv2 with
 * RWF_NOWAIT, see caio_thread_inline.c); the other bits are reserved. */
#define CAIO_POOL_SIZE_MASK 0xffff
#define CAIO_POOL_INLINE_READS (1 << 16)

/* Counters for tests and diagnostics; a snapshot taken under the lock. */
typedef struct caio_pool_stats {
    int queued;
    int cached_queued;
    int idle_workers;
    int completions_pending;
    int threads;
    int stopping;
    int terminated;
} caio_pool_stats_t;

/* The pool is this library's engine (caio_thread_pool_int.h). */
typedef struct caio_engine caio_pool_t;

/* The pool behind the generic interface: the functions below. */
extern const caio_engine_ops_t caio_thread_ops;

/* Returns NULL on failure with *err set to a positive errno and *what to the
 * failing call ("malloc", "pthread_create", ...) or, for EINVAL, to what is
 * wrong with the arguments; nothing is left behind. */
caio_pool_t *caio_pool_create(int max_requests, int option, int *err, const char **what);

/* All-or-nothing.  In inline mode, runs queued page-cache reads before it
 * returns (those that would block stay queued for the workers).  Returns 0, -EINVAL (bad slot/kind/offset/length; *bad is
 * the index), -EBUSY (slot in use or repeated in the batch; *bad is the
 * index) or -ESHUTDOWN. */
int caio_pool_submit(caio_pool_t *pool, const caio_op_t *ops, int count,
                     int *bad);

/* submit, then stores in out up to max completions of reads this thread
 * ran inline (they skip the done queue) and returns their number, or a
 * negative submit error.  out may be NULL (max 0): all go to the queue. */
int caio_pool_submit_collect(caio_pool_t *pool, const caio_op_t *ops, int count, int *bad,
                             caio_completion_t *out, int max);

/* Blocks until a completion exists or the pool terminated; in inline mode
 * it runs queued page-cache reads while it waits.  Returns the
 * number of completions stored (<= max), or -1 once the pool terminated and
 * everything was reaped.  max must be >= 1. */
int caio_pool_reap(caio_pool_t *pool, caio_completion_t *out, int max);

/* Like reap, without waiting or running anything: the completions already
 * there (0 if none). */
int caio_pool_poll(caio_pool_t *pool, caio_completion_t *out, int max);

/* 1 if the slot was still queued and now completes with -ECANCELED, 0 if it
 * is running, done or unused, -EINVAL if slot is out of range. */
int caio_pool_cancel(caio_pool_t *pool, int32_t slot);

/* Idempotent and safe from several threads at once: returns after every
 * worker was joined.  Queued requests complete with -ECANCELED, running ones
 * finish; afterwards reap drains what is left and then returns -1. */
void caio_pool_shutdown(caio_pool_t *pool);

/* Shuts down if needed, waits for calls still inside the pool, frees it.
 * Returns -1 (and does nothing) if the handle is not a live pool. */
int caio_pool_destroy(caio_pool_t *pool);

void caio_pool_stats(caio_pool_t *pool, caio_pool_stats_t *out);

#endif /* CAIO_THREAD_POOL_H_ */
