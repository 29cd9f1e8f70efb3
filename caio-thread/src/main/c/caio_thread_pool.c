/*
 * caio_thread_pool.c - worker pool behind the caio-thread backend: create,
 * shutdown, destroy, stats and the engine's ops table.  The rest lives in
 * the files named in caio_thread_pool_int.h.
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

/* The mark of a live pool handle (caio_head.h). */
#define POOL_MAGIC UINT64_C(0x43414954504f4f4c) /* "CAITPOOL" */

static void free_pool(caio_pool_t *p)
{
    pthread_cond_destroy(&p->helpers_cond);
    pthread_cond_destroy(&p->joined_cond);
    pthread_cond_destroy(&p->reap_cond);
    pthread_cond_destroy(&p->work_cond);
    pthread_mutex_destroy(&p->lock);
    caio_free(p->retired);
    caio_free(p->threads);
    caio_free(p->links);
    caio_done_free(&p->done);
    caio_free(p->reqs);
    caio_free(p);
}

/* What is wrong with create's arguments, or NULL. */
static const char *bad_arguments(int max_requests, int option)
{
    int pool_size = option & CAIO_POOL_SIZE_MASK;
    if (max_requests < 1 || max_requests > CAIO_POOL_MAX_REQUESTS)
        return "maxRequests out of range";
    if (pool_size < 1 || pool_size > CAIO_POOL_MAX_THREADS)
        return "poolSize must be in [1, 1024]";
    if (option & ~(CAIO_POOL_INLINE_READS | CAIO_POOL_SIZE_MASK))
        return "option bits above 16 are reserved";
    return NULL;
}

/* The pool with its memory and locks, no workers yet; NULL if out of
 * memory. */
static caio_pool_t *alloc_pool(int max_requests, int option)
{
    int pool_size = option & CAIO_POOL_SIZE_MASK;
    caio_pool_t *p = caio_calloc(1, sizeof(*p));
    if (p == NULL)
        return NULL;
    caio_mutex_init_adaptive(&p->lock);
    /* Idle workers time out on the monotonic clock: a clock step must not
     * retire the pool nor keep it grown. */
    pthread_condattr_t monotonic;
    pthread_condattr_init(&monotonic);
    pthread_condattr_setclock(&monotonic, CLOCK_MONOTONIC);
    pthread_cond_init(&p->work_cond, &monotonic);
    pthread_condattr_destroy(&monotonic);
    pthread_cond_init(&p->reap_cond, NULL);
    pthread_cond_init(&p->joined_cond, NULL);
    pthread_cond_init(&p->helpers_cond, NULL);
    p->inline_reads = (option & CAIO_POOL_INLINE_READS) != 0;
    p->reqs = caio_calloc((size_t)max_requests, sizeof(*p->reqs));
    p->links = caio_calloc((size_t)max_requests, sizeof(*p->links));
    p->threads = caio_calloc((size_t)pool_size, sizeof(*p->threads));
    p->retired = caio_calloc((size_t)pool_size, sizeof(*p->retired));
    if (caio_done_init(&p->done, max_requests) != 0 || p->reqs == NULL || p->links == NULL ||
        p->threads == NULL || p->retired == NULL) {
        free_pool(p);
        return NULL;
    }
    p->head.max_requests = max_requests;
    p->share = caio_share_policy();
    p->max_threads = pool_size;
    p->min_threads = pool_size < p->share->cores ? pool_size : p->share->cores;
    caio_fifo_init(&p->blocking_q);
    caio_fifo_init(&p->cached_q);
    caio_links_init(p->links, max_requests);
    return p;
}

caio_pool_t *caio_pool_create(int max_requests, int option, int *err, const char **what)
{
    *what = bad_arguments(max_requests, option);
    if (*what != NULL) {
        *err = EINVAL;
        return NULL;
    }
    *what = "malloc";
    caio_pool_t *p = alloc_pool(max_requests, option);
    if (p == NULL) {
        *err = ENOMEM;
        return NULL;
    }
    int rc = start_workers(p);
    if (rc != 0) {
        *what = "pthread_create";
        *err = rc;
        caio_pool_shutdown(p); /* joins the workers already started */
        free_pool(p);
        return NULL;
    }
    caio_head_open(&p->head, POOL_MAGIC);
    return p;
}

void caio_pool_shutdown(caio_pool_t *p)
{
    /* Workers never call back into the pool or the JVM, so the caller can
     * never be one of the threads joined below. */
    pthread_mutex_lock(&p->lock);
    if (p->stopping) { /* another caller joins; return once it is done */
        while (!p->terminated)
            pthread_cond_wait(&p->joined_cond, &p->lock);
        pthread_mutex_unlock(&p->lock);
        return;
    }
    p->stopping = 1;
    int32_t s;
    while ((s = worker_next(p)) != NIL) {
        queue_unlink(p, s);
        post_completion(p, s, -ECANCELED);
    }
    pthread_cond_broadcast(&p->work_cond);
    pthread_mutex_unlock(&p->lock);

    /* Stopping, the pool neither grows nor lets a worker retire: the set
     * joined here is final. */
    for (int i = 0; i < p->nthreads; i++)
        pthread_join(p->threads[i], NULL);

    pthread_mutex_lock(&p->lock);
    join_retired(p);
    while (p->helpers_running > 0) /* their completions are still to come */
        pthread_cond_wait(&p->helpers_cond, &p->lock);
    p->terminated = 1;
    pthread_cond_broadcast(&p->reap_cond);
    pthread_cond_broadcast(&p->joined_cond);
    pthread_mutex_unlock(&p->lock);
}

int caio_pool_destroy(caio_pool_t *p)
{
    if (caio_head_close(caio_head_of(p), POOL_MAGIC) != 0)
        return -1;
    caio_pool_shutdown(p);
    /* Calls that entered before the close (e.g. a reap about to return -1)
     * do not block long on a terminated pool. */
    caio_head_await_callers(&p->head);
    free_pool(p);
    return 0;
}

void caio_pool_stats(caio_pool_t *p, caio_pool_stats_t *out)
{
    pthread_mutex_lock(&p->lock);
    out->queued = p->blocking_q.count + p->cached_q.count;
    out->idle_workers = p->idle_workers;
    out->completions_pending = p->done.count;
    out->threads = p->nthreads;
    out->cached_queued = p->cached_q.count;
    out->stopping = p->stopping;
    out->terminated = p->terminated;
    pthread_mutex_unlock(&p->lock);
}

const caio_engine_ops_t caio_thread_ops = {
    .name = "thread pool",
    .magic = POOL_MAGIC,
    .create = caio_pool_create,
    .submit = caio_pool_submit,
    .submit_collect = caio_pool_submit_collect,
    .reap = caio_pool_reap,
    .cancel = caio_pool_cancel,
    .shutdown = caio_pool_shutdown,
    .destroy = caio_pool_destroy,
};
