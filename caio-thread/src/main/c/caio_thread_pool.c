/*
 * caio_thread_pool.c - worker pool behind the caio-thread backend.
 *
 * One mutex guards everything; the syscalls themselves run unlocked.  Python
 * caio's thread_aio leaked its threads on close, so shutdown here always
 * joins every worker before reporting termination.
 *
 * Page-cache reads ("inline" mode): a worker hand-off costs more than the
 * 4 KiB copy it delivers, so reads are first offered to the threads already
 * awake - the submitter, inside its submit call, and the reaper, before it
 * sleeps - which try them with RWF_NOWAIT (caio_thread_read_cached).  That
 * puts both cores to copying without a wake-up per request, and nothing
 * that would wait for a device ever runs there: such a read goes back to
 * the queue, flagged for the workers, which do the blocking part.
 */
#define _GNU_SOURCE
#include "caio_thread_pool.h"
#include "caio_alloc.h"
#include "caio_fd.h"
#include "caio_fifo.h"
#include "caio_thread_io.h"
#include "caio_spin.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#define POOL_MAGIC UINT64_C(0x43414954504f4f4c) /* "CAITPOOL" */
#define POOL_DEAD UINT64_C(0xdeadca10deadca10)
#define NIL CAIO_NIL
/* Workers only run syscall loops: 8 MiB default stacks would be waste. */
#define WORKER_STACK (256 * 1024)

enum slot_state { FREE = 0, QUEUED, RUNNING, COMPLETED };

/* A reaper runs at most this many queued reads before it hands the
 * completions it has to Java: a caller awaiting its batch waits for those,
 * so every read the reaper runs first delays them by a copy. */
#define REAP_HELP_BUDGET 2
/* A submission of at least this many cached reads wakes a sleeping reaper
 * to share them (both cores copy); for fewer, the wake-up costs more than
 * the copies. */
#define SHARE_MIN 8
/* Of such a submission, the submitter keeps the first 1/OWN_DIVISOR for
 * itself (at most OWN_MAX): it runs those without taking the lock or
 * touching the shared queue per read, whose cache lines two cores would
 * otherwise pass back and forth; the rest is queued for whoever is first.
 * Half suits two cores; keeping more leaves the completion thread idle. */
#define OWN_DIVISOR 2
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
    uint8_t cached; /* may be tried inline with RWF_NOWAIT */
} request_t;

struct caio_pool {
    _Atomic uint64_t magic;
    _Atomic int callers;
    int max_requests;
    request_t *reqs;

    caio_link_t *links;     /* the queues' links, one per slot */
    caio_fifo_t blocking_q; /* QUEUED requests only a worker may run */
    caio_fifo_t cached_q;   /* QUEUED reads an inline attempt may take */
    int helpers_running; /* inline attempts between taking a request and posting it */
    int submitters_running; /* threads running cached reads inside submit */
    _Atomic int spinning; /* threads polling for work or completions right now */
    int inline_reads;     /* CAIO_POOL_INLINE_READS was given */
    int32_t *ring; /* completed slots, in completion order */
    int ring_head, ring_count;
    pthread_mutex_t lock;
    pthread_cond_t work_cond;   /* workers wait here for requests */
    pthread_cond_t reap_cond;   /* reapers wait here for completions */
    pthread_cond_t joined_cond; /* late shutdown callers wait here */
    pthread_cond_t helpers_cond; /* shutdown waits here for inline attempts */
    int idle_workers;
    int waiting_reapers;
    int active_reapers; /* inside reap and not sleeping: will look at the queue soon */
    int stopping;   /* no more submits; workers exit */
    int terminated; /* every worker joined */
    pthread_t *threads;
    int nthreads;
};

/* The queue a request belongs in: cached reads apart, so that inline
 * attempts find them in O(1). */
static caio_fifo_t *queue_of(caio_pool_t *p, int32_t s)
{
    return p->reqs[s].cached ? &p->cached_q : &p->blocking_q;
}

static void queue_push_tail(caio_pool_t *p, int32_t s)
{
    caio_fifo_push_tail(queue_of(p, s), p->links, s);
}

static void queue_push_head(caio_pool_t *p, int32_t s)
{
    caio_fifo_push_head(queue_of(p, s), p->links, s);
}

static void queue_unlink(caio_pool_t *p, int32_t s)
{
    caio_fifo_unlink(queue_of(p, s), p->links, s);
}

/* What a worker runs next: blocking work first (only workers can), then
 * cached reads nobody else took; NIL if both queues are empty. */
static int32_t worker_next(const caio_pool_t *p)
{
    return p->blocking_q.head != NIL ? p->blocking_q.head : p->cached_q.head;
}

/* Caller holds the lock.  Slots stay COMPLETED until reaped, so the ring can
 * never overflow; should that invariant break, keeping the slot busy beats
 * overwriting another slot's completion. */
static void post_completion(caio_pool_t *p, int32_t s, int64_t result)
{
    request_t *r = &p->reqs[s];
    r->result = result;
    r->state = COMPLETED;
    if (p->ring_count >= p->max_requests)
        return;
    p->ring[(p->ring_head + p->ring_count) % p->max_requests] = s;
    p->ring_count++;
    if (p->waiting_reapers > 0)
        pthread_cond_signal(&p->reap_cond);
}

/* Racy reads for caio_spin_until; the callers recheck under the lock. */
static bool queue_nonempty(const void *pool)
{
    const caio_pool_t *p = pool;
    return __atomic_load_n(&p->blocking_q.head, __ATOMIC_RELAXED) != NIL ||
           __atomic_load_n(&p->cached_q.head, __ATOMIC_RELAXED) != NIL;
}

static bool ring_or_cached_nonempty(const void *pool)
{
    const caio_pool_t *p = pool;
    return __atomic_load_n(&p->ring_count, __ATOMIC_RELAXED) != 0 ||
           __atomic_load_n(&p->cached_q.count, __ATOMIC_RELAXED) != 0;
}

/* Caller holds the lock: spins unlocked, counted in p->spinning so that
 * submitters know a thread is about to look at the queue. */
static void spin_unlocked(caio_pool_t *p, bool (*ready)(const void *), int64_t budget_ns)
{
    atomic_fetch_add(&p->spinning, 1);
    pthread_mutex_unlock(&p->lock);
    (void)caio_spin_for(ready, p, budget_ns); /* callers recheck under the lock */
    pthread_mutex_lock(&p->lock);
    atomic_fetch_sub(&p->spinning, 1);
}

static void wake_workers(caio_pool_t *p, int n)
{
    for (n = n < p->idle_workers ? n : p->idle_workers; n > 0; n--)
        pthread_cond_signal(&p->work_cond);
}

/* The blocking remainder of a request, resumed where an inline read stopped. */
static int64_t run_blocking(const request_t *job)
{
    int64_t res = caio_thread_io(job->kind, job->fd, job->offset + (int64_t)job->done,
                                 (char *)job->addr + job->done, job->len - job->done);
    return res >= 0 ? res + (int64_t)job->done : res;
}

/* Where the completions of a thread's own inline reads go: straight into
 * the array it returns (the slot is free again at once, as if reaped), so
 * they never pass through the shared ring; the ring once that is full. */
typedef struct sink {
    caio_completion_t *out;
    int max, n;
} sink_t;

static void finish_inline(caio_pool_t *p, int32_t s, int64_t result, sink_t *k)
{
    if (k != NULL && k->n < k->max) {
        k->out[k->n++] = (caio_completion_t){.slot = s, .result = result};
        p->reqs[s].state = FREE;
    } else {
        post_completion(p, s, result);
    }
}

/* Caller holds the lock (and keeps it on return, dropping it meanwhile).
 * Settles an inline attempt at request s: res is its result, job the copy
 * it ran from.  A read that would have waited for the device goes to the
 * blocking queue, resuming after what it already read. */
static void finish_cached(caio_pool_t *p, int32_t s, int64_t res, const request_t *job, sink_t *k)
{
    if (res == -EAGAIN && p->stopping) {
        /* The workers are leaving: finish it here rather than drop it. */
        pthread_mutex_unlock(&p->lock);
        res = run_blocking(job);
        pthread_mutex_lock(&p->lock);
    }
    if (res == -EAGAIN) {
        request_t *r = &p->reqs[s];
        r->done = job->done;
        r->cached = 0; /* now it belongs to the blocking queue */
        r->state = QUEUED;
        queue_push_head(p, s);
        wake_workers(p, 1);
    } else {
        finish_inline(p, s, res, k);
    }
}

/* Caller holds the lock (and keeps it on return).  Runs the n reads the
 * submitter kept for itself (RUNNING, in no queue), with the lock dropped
 * once for all of them, then settles them. */
static void run_own(caio_pool_t *p, const int32_t *own, int n, sink_t *k)
{
    request_t jobs[OWN_MAX];
    int64_t res[OWN_MAX];
    for (int i = 0; i < n; i++)
        jobs[i] = p->reqs[own[i]];
    p->helpers_running++;
    pthread_mutex_unlock(&p->lock);
    for (int i = 0; i < n; i++)
        res[i] = caio_thread_read_cached(jobs[i].fd, jobs[i].offset, jobs[i].addr, jobs[i].len, &jobs[i].done);
    pthread_mutex_lock(&p->lock);
    for (int i = 0; i < n; i++)
        finish_cached(p, own[i], res[i], &jobs[i], k);
    if (--p->helpers_running == 0 && p->stopping)
        pthread_cond_broadcast(&p->helpers_cond);
}

/* Caller holds the lock (and keeps it on return).  Runs queued cached reads
 * on the calling thread until `budget` ran or none is left; returns how
 * many ran.  Submitters take the oldest, the reaper the newest: each side
 * then works through its own end of a batch, and round after round the
 * same positions of a batch, often the same buffers, stay on the same core
 * instead of bouncing their cache lines between the two. */
static int run_cached(caio_pool_t *p, int budget, sink_t *k, bool newest)
{
    int ran = 0;
    while (ran < budget && !p->stopping && p->cached_q.count > 0) {
        int32_t s = newest ? p->cached_q.tail : p->cached_q.head;
        request_t *r = &p->reqs[s];
        queue_unlink(p, s);
        r->state = RUNNING;
        request_t job = *r;
        p->helpers_running++;
        pthread_mutex_unlock(&p->lock);
        int64_t res = caio_thread_read_cached(job.fd, job.offset, job.addr, job.len, &job.done);
        pthread_mutex_lock(&p->lock);
        finish_cached(p, s, res, &job, k);
        ran++;
        if (--p->helpers_running == 0 && p->stopping)
            pthread_cond_broadcast(&p->helpers_cond);
    }
    return ran;
}

static void *worker_main(void *arg)
{
    caio_pool_t *p = arg;
    pthread_setname_np(pthread_self(), "caio-thread-w");
    pthread_mutex_lock(&p->lock);
    for (;;) {
        if (worker_next(p) == NIL && !p->stopping)
            spin_unlocked(p, queue_nonempty, CAIO_SPIN_NS);
        while (worker_next(p) == NIL && !p->stopping) {
            p->idle_workers++;
            pthread_cond_wait(&p->work_cond, &p->lock);
            p->idle_workers--;
        }
        if (p->stopping)
            break; /* shutdown already cancelled everything queued */
        int32_t s = worker_next(p);
        queue_unlink(p, s);
        p->reqs[s].state = RUNNING;
        request_t job = p->reqs[s]; /* run from a copy: the lock is dropped */
        /* A submitter may have signalled fewer workers than requests (or a
         * signal raced with another wakeup): pass the baton on. */
        if (worker_next(p) != NIL && p->idle_workers > 0)
            pthread_cond_signal(&p->work_cond);
        pthread_mutex_unlock(&p->lock);

        int64_t result = run_blocking(&job);

        pthread_mutex_lock(&p->lock);
        post_completion(p, s, result);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

static void free_pool(caio_pool_t *p)
{
    pthread_cond_destroy(&p->helpers_cond);
    pthread_cond_destroy(&p->joined_cond);
    pthread_cond_destroy(&p->reap_cond);
    pthread_cond_destroy(&p->work_cond);
    pthread_mutex_destroy(&p->lock);
    caio_free(p->threads);
    caio_free(p->links);
    caio_free(p->ring);
    caio_free(p->reqs);
    caio_free(p);
}

caio_pool_t *caio_pool_create(int max_requests, int pool_size, int flags, int *err,
                              const char **what)
{
    *what = "caio_pool_create";
    if (max_requests < 1 || max_requests > CAIO_POOL_MAX_REQUESTS ||
        pool_size < 1 || pool_size > CAIO_POOL_MAX_THREADS || (flags & ~CAIO_POOL_INLINE_READS)) {
        *err = EINVAL;
        return NULL;
    }
    *what = "malloc";
    caio_pool_t *p = caio_calloc(1, sizeof(*p));
    if (p == NULL) {
        *err = ENOMEM;
        return NULL;
    }
    caio_mutex_init_adaptive(&p->lock);
    pthread_cond_init(&p->work_cond, NULL);
    pthread_cond_init(&p->reap_cond, NULL);
    pthread_cond_init(&p->joined_cond, NULL);
    pthread_cond_init(&p->helpers_cond, NULL);
    p->inline_reads = (flags & CAIO_POOL_INLINE_READS) != 0;
    p->reqs = caio_calloc((size_t)max_requests, sizeof(*p->reqs));
    p->ring = caio_calloc((size_t)max_requests, sizeof(*p->ring));
    p->links = caio_calloc((size_t)max_requests, sizeof(*p->links));
    p->threads = caio_calloc((size_t)pool_size, sizeof(*p->threads));
    if (p->reqs == NULL || p->ring == NULL || p->links == NULL || p->threads == NULL) {
        free_pool(p);
        *err = ENOMEM;
        return NULL;
    }
    p->max_requests = max_requests;
    caio_fifo_init(&p->blocking_q);
    caio_fifo_init(&p->cached_q);
    caio_links_init(p->links, max_requests);

    /* The small stack is only an optimisation: without it, use defaults. */
    pthread_attr_t attr;
    pthread_attr_t *attrp = NULL;
    if (pthread_attr_init(&attr) == 0) {
        attrp = &attr;
        (void)pthread_attr_setstacksize(&attr, WORKER_STACK);
    }
    /* Workers inherit the creator's mask, so blocking everything around
     * pthread_create means a JVM signal can never land on a worker, not even
     * before it runs its first instruction. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int rc = 0;
    for (int i = 0; rc == 0 && i < pool_size; i++) {
        rc = pthread_create(&p->threads[i], attrp, worker_main, p);
        if (rc == 0)
            p->nthreads++;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (attrp != NULL)
        pthread_attr_destroy(attrp);
    if (rc != 0) {
        *what = "pthread_create";
        *err = rc;
        caio_pool_shutdown(p); /* joins the workers already started */
        free_pool(p);
        return NULL;
    }
    atomic_store(&p->magic, POOL_MAGIC);
    return p;
}

/* Rejects handles that cannot possibly be a pool without dereferencing. */
static int plausible(const caio_pool_t *p)
{
    return p != NULL && (uintptr_t)p % _Alignof(caio_pool_t) == 0;
}

int caio_pool_enter(caio_pool_t *p)
{
    if (!plausible(p))
        return -1;
    /* Cheap early reject of a stale handle (best effort: the memory may be
     * gone), then the real check after announcing ourselves, so destroy
     * either sees this caller or this caller sees the dead magic. */
    if (atomic_load(&p->magic) != POOL_MAGIC)
        return -1;
    atomic_fetch_add(&p->callers, 1);
    if (atomic_load(&p->magic) != POOL_MAGIC) {
        atomic_fetch_sub(&p->callers, 1);
        return -1;
    }
    return 0;
}

void caio_pool_leave(caio_pool_t *p)
{
    atomic_fetch_sub(&p->callers, 1);
}

int caio_pool_max_requests(const caio_pool_t *p)
{
    return p->max_requests;
}

/* The JNI layer validates too; this keeps the pool safe on its own. */
static int op_is_valid(const caio_pool_t *p, const caio_op_t *op)
{
    return op->slot >= 0 && op->slot < p->max_requests && op->kind >= CAIO_OP_READ &&
           op->kind <= CAIO_OP_FDSYNC && op->offset >= 0 &&
           op->len <= (uint64_t)(INT64_MAX - op->offset) &&
           (op->addr != NULL || op->len == 0 || op->kind >= CAIO_OP_FSYNC);
}

int caio_pool_submit(caio_pool_t *p, const caio_op_t *ops, int count, int *bad)
{
    int rc = caio_pool_submit_collect(p, ops, count, bad, NULL, 0);
    return rc < 0 ? rc : 0;
}

int caio_pool_submit_collect(caio_pool_t *p, const caio_op_t *ops, int count, int *bad,
                             caio_completion_t *out, int max)
{
    *bad = -1;
    if (count < 0 || (count > 0 && ops == NULL))
        return -EINVAL;
    for (int i = 0; i < count; i++) {
        if (!op_is_valid(p, &ops[i])) {
            *bad = i;
            return -EINVAL;
        }
    }
    pthread_mutex_lock(&p->lock);
    if (p->stopping) {
        pthread_mutex_unlock(&p->lock);
        return -ESHUTDOWN;
    }
    /* Claim every slot first so a busy or repeated slot rejects the whole
     * batch before anything becomes visible to workers. */
    for (int i = 0; i < count; i++) {
        request_t *r = &p->reqs[ops[i].slot];
        if (r->state != FREE) {
            for (int j = 0; j < i; j++)
                p->reqs[ops[j].slot].state = FREE;
            pthread_mutex_unlock(&p->lock);
            *bad = i;
            return -EBUSY;
        }
        r->state = QUEUED;
    }
    int blocking = 0, cached = 0;
    int last_fd = -1, last_cacheable = 0; /* a batch usually targets one file: one fcntl */
    /* Half of the reads, not of the batch: in a batch that also writes,
     * the completion thread must still get reads to share. */
    int reads = 0;
    for (int i = 0; p->inline_reads && i < count; i++)
        reads += ops[i].kind == CAIO_OP_READ && ops[i].len > 0 && ops[i].fd >= 0;
    int32_t own[OWN_MAX];
    int owned = 0, keep = reads >= SHARE_MIN ? reads / OWN_DIVISOR : 0;
    if (keep > OWN_MAX)
        keep = OWN_MAX;
    for (int i = 0; i < count; i++) {
        const caio_op_t *op = &ops[i];
        request_t *r = &p->reqs[op->slot];
        if (op->fd < 0) {
            post_completion(p, op->slot, -EBADF);
            continue;
        }
        /* A zero-length read goes to a worker so a bad fd still reports. */
        int try_cached = p->inline_reads && op->kind == CAIO_OP_READ && op->len > 0;
        if (try_cached && op->fd != last_fd) {
            last_fd = op->fd;
            last_cacheable = caio_fd_buffered(op->fd); /* RWF_NOWAIT on O_DIRECT still waits */
        }
        *r = (request_t){.offset = op->offset, .addr = op->addr, .len = op->len,
                         .fd = op->fd, .kind = (uint8_t)op->kind, .state = QUEUED,
                         .cached = (uint8_t)(try_cached && last_cacheable)};
        if (r->cached && owned < keep) {
            /* Running from here on: cancel and shutdown leave it to us. */
            r->state = RUNNING;
            own[owned++] = op->slot;
            continue;
        }
        queue_push_tail(p, op->slot);
        blocking += !r->cached;
        cached += r->cached;
    }
    wake_workers(p, blocking);
    /* The submitter drains the queue itself; an awake reaper takes reads
     * from it at the same time, and a big batch wakes a sleeping one. */
    if (cached + owned >= SHARE_MIN && p->active_reapers == 0 && p->waiting_reapers > 0 &&
        atomic_load(&p->spinning) == 0)
        pthread_cond_signal(&p->reap_cond);
    sink_t k = {out, out == NULL ? 0 : max, 0};
    p->submitters_running++;
    if (owned > 0)
        run_own(p, own, owned, &k);
    run_cached(p, INT32_MAX, &k, false);
    p->submitters_running--;
    pthread_mutex_unlock(&p->lock);
    return k.n;
}

/* Caller holds the lock: hands over up to max completions. */
static int drain_ring(caio_pool_t *p, caio_completion_t *out, int max)
{
    int n = 0;
    for (; n < max && p->ring_count > 0; n++, p->ring_count--) {
        int32_t s = p->ring[p->ring_head];
        p->ring_head = (p->ring_head + 1) % p->max_requests;
        out[n] = (caio_completion_t){.slot = s, .result = p->reqs[s].result};
        p->reqs[s].state = FREE; /* only now may Java reuse the slot */
    }
    return n;
}

int caio_pool_reap(caio_pool_t *p, caio_completion_t *out, int max)
{
    if (max < 1 || out == NULL)
        return 0;
    pthread_mutex_lock(&p->lock);
    p->active_reapers++;
    sink_t k = {out, max, 0};
    int helped = 0;
    bool spun = false;
    for (;;) {
        /* Queued cached reads first (this thread is awake anyway), but not
         * for long while completions wait to be delivered. */
        bool waiting = p->ring_count > 0 || k.n > 0;
        if (p->cached_q.count > 0 && !p->stopping && (helped < REAP_HELP_BUDGET || !waiting)) {
            helped += run_cached(p, 1, &k, true);
            continue;
        }
        if (waiting || p->terminated)
            break;
        if (!spun) {
            spun = true;
            spin_unlocked(p, ring_or_cached_nonempty, p->inline_reads ? CAIO_SPIN_LONG_NS : CAIO_SPIN_NS);
            continue;
        }
        p->waiting_reapers++;
        p->active_reapers--;
        pthread_cond_wait(&p->reap_cond, &p->lock);
        p->active_reapers++;
        p->waiting_reapers--;
    }
    p->active_reapers--;
    int n = k.n + drain_ring(p, out + k.n, max - k.n);
    /* This thread now runs Java callbacks for a while: reads still queued
     * must not wait for it, unless a submitter or a spinning thread is
     * about to take them anyway. */
    if (p->cached_q.count > 0 && p->submitters_running == 0 && atomic_load(&p->spinning) == 0)
        wake_workers(p, 1);
    pthread_mutex_unlock(&p->lock);
    return n > 0 ? n : -1;
}

int caio_pool_poll(caio_pool_t *p, caio_completion_t *out, int max)
{
    if (max < 1 || out == NULL)
        return 0;
    pthread_mutex_lock(&p->lock);
    int n = drain_ring(p, out, max);
    pthread_mutex_unlock(&p->lock);
    return n;
}

int caio_pool_cancel(caio_pool_t *p, int32_t slot)
{
    if (slot < 0 || slot >= p->max_requests)
        return -EINVAL;
    int cancelled = 0;
    pthread_mutex_lock(&p->lock);
    /* A read an inline attempt began is past the point of no return. */
    if (p->reqs[slot].state == QUEUED && p->reqs[slot].done == 0) {
        queue_unlink(p, slot);
        post_completion(p, slot, -ECANCELED);
        cancelled = 1;
    }
    pthread_mutex_unlock(&p->lock);
    return cancelled;
}

int caio_pool_shutdown(caio_pool_t *p)
{
    /* Workers never call back into the pool or the JVM, so the caller can
     * never be one of the threads joined below. */
    pthread_mutex_lock(&p->lock);
    if (p->stopping) { /* another caller joins; return once it is done */
        while (!p->terminated)
            pthread_cond_wait(&p->joined_cond, &p->lock);
        pthread_mutex_unlock(&p->lock);
        return 0;
    }
    p->stopping = 1;
    int32_t s;
    while ((s = worker_next(p)) != NIL) {
        queue_unlink(p, s);
        post_completion(p, s, -ECANCELED);
    }
    pthread_cond_broadcast(&p->work_cond);
    pthread_mutex_unlock(&p->lock);

    for (int i = 0; i < p->nthreads; i++)
        pthread_join(p->threads[i], NULL);

    pthread_mutex_lock(&p->lock);
    while (p->helpers_running > 0) /* their completions are still to come */
        pthread_cond_wait(&p->helpers_cond, &p->lock);
    p->terminated = 1;
    pthread_cond_broadcast(&p->reap_cond);
    pthread_cond_broadcast(&p->joined_cond);
    pthread_mutex_unlock(&p->lock);
    return 0;
}

int caio_pool_destroy(caio_pool_t *p)
{
    if (!plausible(p))
        return -1;
    uint64_t expected = POOL_MAGIC;
    /* The CAS makes a second (racing or repeated) destroy a no-op. */
    if (!atomic_compare_exchange_strong(&p->magic, &expected, POOL_DEAD))
        return -1;
    caio_pool_shutdown(p);
    /* Wait out calls that entered before the magic died (e.g. a reap about
     * to return -1); the pool is terminated, so none of them blocks long. */
    while (atomic_load(&p->callers) != 0) {
        struct timespec ts = {0, 100 * 1000};
        nanosleep(&ts, NULL);
    }
    free_pool(p);
    return 0;
}

void caio_pool_stats(caio_pool_t *p, caio_pool_stats_t *out)
{
    pthread_mutex_lock(&p->lock);
    out->queued = p->blocking_q.count + p->cached_q.count;
    out->idle_workers = p->idle_workers;
    out->completions_pending = p->ring_count;
    out->threads = p->nthreads;
    out->cached_queued = p->cached_q.count;
    out->stopping = p->stopping;
    out->terminated = p->terminated;
    pthread_mutex_unlock(&p->lock);
}
