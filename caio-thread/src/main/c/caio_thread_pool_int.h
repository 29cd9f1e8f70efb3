/*
 * caio_thread_pool_int.h - the pool's insides, shared by its parts:
 * caio_thread_pool.c (lifecycle, shutdown, destroy, stats),
 * caio_thread_queue.c (the request queues and the done queue),
 * caio_thread_inline.c (cached reads run inline), caio_thread_workers.c
 * (the worker threads), caio_thread_submit.c (submit) and
 * caio_thread_reap.c (reap, poll, cancel).
 *
 * One mutex guards everything; the syscalls themselves run unlocked.
 */
#ifndef CAIO_THREAD_POOL_INT_H_
#define CAIO_THREAD_POOL_INT_H_

#include "caio_thread_pool.h"
#include "caio_done.h"
#include "caio_fd.h"
#include "caio_fifo.h"
#include "caio_head.h"
#include "caio_share.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#define NIL CAIO_NIL

enum slot_state { FREE = 0, QUEUED, RUNNING, COMPLETED };

/* The most cached reads a submitter keeps for itself (caio_share_own),
 * the size of the stack arrays run_own stages them in. */
#define OWN_MAX 64

typedef struct request {
    int64_t offset;
    void *addr;
    size_t len;
    size_t done; /* bytes an inline attempt already read; a worker resumes there */
    int64_t result;
    int fd;
    uint8_t kind;
    uint8_t state;
    uint8_t cached; /* buffered: may run inline (a read with RWF_NOWAIT) */
    uint8_t device; /* waits for the device: a thread blocks on it (see grow_workers) */
} request_t;

struct caio_engine {
    caio_head_t head; /* first: the shared code's view of the pool */
    const caio_share_t *share;
    caio_fd_memo_t fd_memo; /* whether the last file submitted to is buffered */
    request_t *reqs;

    caio_link_t *links;     /* the queues' links, one per slot */
    caio_fifo_t blocking_q; /* QUEUED requests only a worker may run */
    caio_fifo_t cached_q;   /* QUEUED buffered reads and writes an inline attempt may take */
    int helpers_running; /* inline attempts between taking a request and posting it */
    int submitters_running; /* threads running cached reads inside submit */
    _Atomic int spinning; /* threads polling for work or completions right now */
    int inline_reads;     /* CAIO_POOL_INLINE_READS was given */
    caio_done_t done; /* completed slots, in completion order */
    pthread_mutex_t lock;
    pthread_cond_t work_cond;   /* workers wait here for requests */
    pthread_cond_t reap_cond;   /* reapers wait here for completions */
    pthread_cond_t joined_cond; /* late shutdown callers wait here */
    pthread_cond_t helpers_cond; /* shutdown waits here for inline attempts */
    int idle_workers;
    int spinning_workers; /* workers polling the queue unlocked: they take work without a wake-up */
    int device_queued;    /* QUEUED requests with .device set */
    int waiting_reapers;
    int active_reapers; /* inside reap and not sleeping: will look at the queue soon */
    int stopping;   /* no more submits; workers exit */
    int terminated; /* every worker joined */
    pthread_t *threads; /* the live workers, nthreads of them */
    int nthreads;
    int min_threads; /* never retire below: one per core, for CPU work */
    int max_threads; /* the bound (create's pool size) */
    pthread_t *retired; /* workers that left after idling, to join */
    int nretired;
};

/* Where the completions of a thread's own inline reads go: straight into
 * the array it returns (the slot is free again at once, as if reaped), so
 * they never pass through the shared done queue; the queue once that is
 * full. */
typedef struct sink {
    caio_completion_t *out;
    int max, n;
} sink_t;

/* All below: caller holds p->lock unless stated otherwise. */

/* caio_thread_queue.c */
void queue_push_tail(caio_pool_t *p, int32_t s);
void queue_push_head(caio_pool_t *p, int32_t s);
void queue_unlink(caio_pool_t *p, int32_t s);
/* What a worker runs next: blocking work first (only workers can), then
 * cached reads nobody else took; NIL if both queues are empty. */
int32_t worker_next(const caio_pool_t *p);
/* Records the slot's one completion (state COMPLETED). */
void post_completion(caio_pool_t *p, int32_t s, int64_t result);
/* Racy reads for caio_spin_until (no lock); the callers recheck under it. */
bool queue_nonempty(const void *pool);
bool done_or_cached_nonempty(const void *pool);
/* Spins unlocked until ready or budget_ns, counted in p->spinning. */
void spin_unlocked(caio_pool_t *p, bool (*ready)(const void *), int64_t budget_ns);

/* caio_thread_inline.c */
/* Runs the n reads the submitter kept for itself (RUNNING, in no queue). */
void run_own(caio_pool_t *p, const int32_t *own, int n, sink_t *k);
/* Runs queued cached reads until `budget` ran or none is left; returns how
 * many ran; newest: from the tail of the queue rather than the head. */
int run_cached(caio_pool_t *p, int budget, sink_t *k, bool newest);

/* caio_thread_workers.c */
/* Wakes up to n sleeping workers, then grows the pool when device-bound
 * work waits with no worker left to take it. */
void wake_workers(caio_pool_t *p, int n);
/* The blocking remainder of a request, resumed where an inline read
 * stopped; no lock needed (job is a copy). */
int64_t run_blocking(const request_t *job);
/* Starts p->min_threads workers; lock not held.  Returns 0 or the
 * pthread_create error that stopped it. */
int start_workers(caio_pool_t *p);
/* Joins the workers that retired; lock held.  They have left the lock for
 * good, so this waits only for their last instructions. */
void join_retired(caio_pool_t *p);
/* How long a worker above min_threads idles before it leaves; a test seam. */
extern int64_t caio_pool_idle_ns;

#endif /* CAIO_THREAD_POOL_INT_H_ */
