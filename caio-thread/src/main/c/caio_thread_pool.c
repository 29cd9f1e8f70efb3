/*
 * caio_thread_pool.c - worker pool behind the caio-thread backend.
 *
 * One mutex guards everything; the syscalls themselves run unlocked.  Python
 * caio's thread_aio leaked its threads on close, so shutdown here always
 * joins every worker before reporting termination.
 */
#define _GNU_SOURCE
#include "caio_thread_pool.h"
#include "caio_alloc.h"
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
#define NIL (-1)
/* Workers only run syscall loops: 8 MiB default stacks would be waste. */
#define WORKER_STACK (256 * 1024)

enum slot_state { FREE = 0, QUEUED, RUNNING, COMPLETED };

typedef struct request {
    int64_t offset;
    void *addr;
    size_t len;
    int64_t result;
    int fd;
    int32_t prev, next; /* intrusive FIFO links, so cancel is O(1) */
    uint8_t kind;
    uint8_t state;
} request_t;

struct caio_pool {
    _Atomic uint64_t magic;
    _Atomic int callers;
    int max_requests;
    request_t *reqs;

    int32_t head, tail; /* queue of QUEUED slots */
    int queued;
    int32_t *ring; /* completed slots, in completion order */
    int ring_head, ring_count;
    pthread_mutex_t lock;
    pthread_cond_t work_cond;   /* workers wait here for requests */
    pthread_cond_t reap_cond;   /* reapers wait here for completions */
    pthread_cond_t joined_cond; /* late shutdown callers wait here */
    int idle_workers;
    int waiting_reapers;
    int stopping;   /* no more submits; workers exit */
    int terminated; /* every worker joined */
    pthread_t *threads;
    int nthreads;
};

static void queue_push_tail(caio_pool_t *p, int32_t s)
{
    request_t *r = &p->reqs[s];
    r->prev = p->tail;
    r->next = NIL;
    if (p->tail == NIL)
        p->head = s;
    else
        p->reqs[p->tail].next = s;
    p->tail = s;
    p->queued++;
}

static void queue_unlink(caio_pool_t *p, int32_t s)
{
    request_t *r = &p->reqs[s];
    if (r->prev == NIL)
        p->head = r->next;
    else
        p->reqs[r->prev].next = r->next;
    if (r->next == NIL)
        p->tail = r->prev;
    else
        p->reqs[r->next].prev = r->prev;
    r->prev = r->next = NIL;
    p->queued--;
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
    return __atomic_load_n(&p->head, __ATOMIC_RELAXED) != NIL;
}

static bool ring_nonempty(const void *pool)
{
    const caio_pool_t *p = pool;
    return __atomic_load_n(&p->ring_count, __ATOMIC_RELAXED) != 0;
}

static void *worker_main(void *arg)
{
    caio_pool_t *p = arg;
    pthread_setname_np(pthread_self(), "caio-thread-w");
    pthread_mutex_lock(&p->lock);
    for (;;) {
        if (p->head == NIL && !p->stopping) {
            pthread_mutex_unlock(&p->lock);
            caio_spin_until(queue_nonempty, p);
            pthread_mutex_lock(&p->lock);
        }
        while (p->head == NIL && !p->stopping) {
            p->idle_workers++;
            pthread_cond_wait(&p->work_cond, &p->lock);
            p->idle_workers--;
        }
        if (p->stopping)
            break; /* shutdown already cancelled everything queued */
        int32_t s = p->head;
        queue_unlink(p, s);
        p->reqs[s].state = RUNNING;
        request_t job = p->reqs[s]; /* run from a copy: the lock is dropped */
        /* A submitter may have signalled fewer workers than requests (or a
         * signal raced with another wakeup): pass the baton on. */
        if (p->head != NIL && p->idle_workers > 0)
            pthread_cond_signal(&p->work_cond);
        pthread_mutex_unlock(&p->lock);

        int64_t result = caio_thread_io(job.kind, job.fd, job.offset, job.addr, job.len);

        pthread_mutex_lock(&p->lock);
        post_completion(p, s, result);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

static void free_pool(caio_pool_t *p)
{
    pthread_cond_destroy(&p->joined_cond);
    pthread_cond_destroy(&p->reap_cond);
    pthread_cond_destroy(&p->work_cond);
    pthread_mutex_destroy(&p->lock);
    caio_free(p->threads);
    caio_free(p->ring);
    caio_free(p->reqs);
    caio_free(p);
}

caio_pool_t *caio_pool_create(int max_requests, int pool_size, int *err,
                              const char **what)
{
    *what = "caio_pool_create";
    if (max_requests < 1 || max_requests > CAIO_POOL_MAX_REQUESTS ||
        pool_size < 1 || pool_size > CAIO_POOL_MAX_THREADS) {
        *err = EINVAL;
        return NULL;
    }
    *what = "malloc";
    caio_pool_t *p = caio_calloc(1, sizeof(*p));
    if (p == NULL) {
        *err = ENOMEM;
        return NULL;
    }
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->work_cond, NULL);
    pthread_cond_init(&p->reap_cond, NULL);
    pthread_cond_init(&p->joined_cond, NULL);
    p->reqs = caio_calloc((size_t)max_requests, sizeof(*p->reqs));
    p->ring = caio_calloc((size_t)max_requests, sizeof(*p->ring));
    p->threads = caio_calloc((size_t)pool_size, sizeof(*p->threads));
    if (p->reqs == NULL || p->ring == NULL || p->threads == NULL) {
        free_pool(p);
        *err = ENOMEM;
        return NULL;
    }
    p->max_requests = max_requests;
    p->head = p->tail = NIL;
    for (int i = 0; i < max_requests; i++)
        p->reqs[i].prev = p->reqs[i].next = NIL;

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
    int added = 0;
    for (int i = 0; i < count; i++) {
        const caio_op_t *op = &ops[i];
        request_t *r = &p->reqs[op->slot];
        if (op->fd < 0) {
            post_completion(p, op->slot, -EBADF);
            continue;
        }
        *r = (request_t){.offset = op->offset, .addr = op->addr, .len = op->len,
                         .fd = op->fd, .kind = (uint8_t)op->kind, .state = QUEUED};
        queue_push_tail(p, op->slot);
        added++;
    }
    for (int n = added < p->idle_workers ? added : p->idle_workers; n > 0; n--)
        pthread_cond_signal(&p->work_cond);
    pthread_mutex_unlock(&p->lock);
    return 0;
}

int caio_pool_reap(caio_pool_t *p, caio_completion_t *out, int max)
{
    if (max < 1 || out == NULL)
        return 0;
    pthread_mutex_lock(&p->lock);
    if (p->ring_count == 0 && !p->terminated) {
        pthread_mutex_unlock(&p->lock);
        caio_spin_until(ring_nonempty, p);
        pthread_mutex_lock(&p->lock);
    }
    while (p->ring_count == 0 && !p->terminated) {
        p->waiting_reapers++;
        pthread_cond_wait(&p->reap_cond, &p->lock);
        p->waiting_reapers--;
    }
    int n = 0;
    for (; n < max && p->ring_count > 0; n++, p->ring_count--) {
        int32_t s = p->ring[p->ring_head];
        p->ring_head = (p->ring_head + 1) % p->max_requests;
        out[n] = (caio_completion_t){.slot = s, .result = p->reqs[s].result};
        p->reqs[s].state = FREE; /* only now may Java reuse the slot */
    }
    pthread_mutex_unlock(&p->lock);
    return n > 0 ? n : -1;
}

int caio_pool_cancel(caio_pool_t *p, int32_t slot)
{
    if (slot < 0 || slot >= p->max_requests)
        return -EINVAL;
    int cancelled = 0;
    pthread_mutex_lock(&p->lock);
    if (p->reqs[slot].state == QUEUED) {
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
    while (p->head != NIL) {
        int32_t s = p->head;
        queue_unlink(p, s);
        post_completion(p, s, -ECANCELED);
    }
    pthread_cond_broadcast(&p->work_cond);
    pthread_mutex_unlock(&p->lock);

    for (int i = 0; i < p->nthreads; i++)
        pthread_join(p->threads[i], NULL);

    pthread_mutex_lock(&p->lock);
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
    out->queued = p->queued;
    out->idle_workers = p->idle_workers;
    out->completions_pending = p->ring_count;
    out->threads = p->nthreads;
    out->stopping = p->stopping;
    out->terminated = p->terminated;
    pthread_mutex_unlock(&p->lock);
}
