/*
 * caio_thread_reap.c - completions out of the pool (reap, poll) and cancel.
 */
#define _GNU_SOURCE
#include "caio_thread_pool_int.h"
#include "caio_share.h"
#include "caio_spin.h"

#include <errno.h>

/* Caller holds the lock: hands over up to max completions. */
static int drain_done(caio_pool_t *p, caio_completion_t *out, int max)
{
    int n = 0;
    for (; n < max && p->done.count > 0; n++) {
        int32_t s = caio_done_pop(&p->done);
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
    int helped = 0, budget = -1;
    bool spun = false;
    for (;;) {
        /* Queued cached reads first (this thread is awake anyway), but while
         * completions wait to be delivered only the reaper's chunk of the
         * reads it found: each one delays them by a copy. */
        bool waiting = p->done.count > 0 || k.n > 0;
        if (budget < 0 && p->cached_q.count > 0)
            budget = caio_share_chunk(p->share, p->cached_q.count);
        if (p->cached_q.count > 0 && !p->stopping && (helped < budget || !waiting)) {
            helped += run_cached(p, 1, &k, true);
            continue;
        }
        if (waiting || p->terminated)
            break;
        if (!spun) {
            spun = true;
            spin_unlocked(p, done_or_cached_nonempty, p->inline_reads ? CAIO_SPIN_LONG_NS : CAIO_SPIN_NS);
            continue;
        }
        p->waiting_reapers++;
        p->active_reapers--;
        pthread_cond_wait(&p->reap_cond, &p->lock);
        p->active_reapers++;
        p->waiting_reapers--;
    }
    p->active_reapers--;
    int n = k.n + drain_done(p, out + k.n, max - k.n);
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
    int n = drain_done(p, out, max);
    pthread_mutex_unlock(&p->lock);
    return n;
}

int caio_pool_cancel(caio_pool_t *p, int32_t slot)
{
    if (slot < 0 || slot >= p->head.max_requests)
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
