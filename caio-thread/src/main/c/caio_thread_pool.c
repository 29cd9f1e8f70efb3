/*
 * caio_thread_pool.c - worker pool behind the caio-thread backend: create,
 * shutdown, destroy and stats.  The rest lives in the files named in
 * caio_thread_pool_int.h.
 *
 * One mutex guards everything; the syscalls themselves run unlocked.  Python
 * caio's thread_aio leaked its threads on close, so shutdown here always
 * joins every worker before reporting termination.
 */
#define _GNU_SOURCE
#include "caio_thread_pool_int.h"
#include "caio_alloc.h"
#include "caio_spin.h"

#include <errno.h>
#include <stdlib.h>
#include <time.h>

#define POOL_MAGIC UINT64_C(0x43414954504f4f4c) /* "CAITPOOL" */
#define POOL_DEAD UINT64_C(0xdeadca10deadca10)

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

    int rc = start_workers(p, pool_size);
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
