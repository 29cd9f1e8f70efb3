/*
 * caio_thread_inline.c - page-cache reads (and buffered writes) run by the
 * threads already awake.
 *
 * A worker hand-off costs more than the 4 KiB copy it delivers, so reads
 * are first offered to the threads already awake - the submitter, inside
 * its submit call, and the reaper, before it sleeps - which try them with
 * RWF_NOWAIT (caio_thread_read_cached).  That puts both cores to copying
 * without a wake-up per request, and nothing that would wait for a device
 * ever runs there: such a read goes back to the queue, flagged for the
 * workers, which do the blocking part.
 */
#define _GNU_SOURCE
#include "caio_thread_pool_int.h"
#include "caio_thread_io.h"

#include <errno.h>

/* An inline attempt: a read takes what the page cache holds (RWF_NOWAIT);
 * a buffered write is only the copy into it, which no thread does faster
 * than the one already awake (ext4 refuses RWF_NOWAIT for writes, so it is
 * a plain pwrite; a writer throttled for writeback waits in it, as in
 * Linux AIO's io_submit). */
static int64_t run_inline(request_t *job)
{
    if (job->kind == CAIO_OP_WRITE)
        return caio_thread_io(CAIO_OP_WRITE, job->fd, job->offset, job->addr, job->len);
    return caio_thread_read_cached(job->fd, job->offset, job->addr, job->len, &job->done);
}

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
        r->device = 1; /* it missed the cache */
        r->state = QUEUED;
        queue_push_head(p, s);
        wake_workers(p, 1);
    } else {
        finish_inline(p, s, res, k);
    }
}

/* Caller holds the lock (and keeps it on return).  The lock is dropped once
 * for all n reads, then they are settled. */
void run_own(caio_pool_t *p, const int32_t *own, int n, sink_t *k)
{
    request_t jobs[OWN_MAX];
    int64_t res[OWN_MAX];
    for (int i = 0; i < n; i++)
        jobs[i] = p->reqs[own[i]];
    p->helpers_running++;
    pthread_mutex_unlock(&p->lock);
    for (int i = 0; i < n; i++)
        res[i] = run_inline(&jobs[i]);
    pthread_mutex_lock(&p->lock);
    for (int i = 0; i < n; i++)
        finish_cached(p, own[i], res[i], &jobs[i], k);
    if (--p->helpers_running == 0 && p->stopping)
        pthread_cond_broadcast(&p->helpers_cond);
}

/* Caller holds the lock (and keeps it on return).  Submitters take the
 * oldest, the reaper the newest: each side then works through its own end
 * of a batch, and round after round the same positions of a batch, often
 * the same buffers, stay on the same core instead of bouncing their cache
 * lines between the two. */
int run_cached(caio_pool_t *p, int budget, sink_t *k, bool newest)
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
        int64_t res = run_inline(&job);
        pthread_mutex_lock(&p->lock);
        finish_cached(p, s, res, &job, k);
        ran++;
        if (--p->helpers_running == 0 && p->stopping)
            pthread_cond_broadcast(&p->helpers_cond);
    }
    return ran;
}
