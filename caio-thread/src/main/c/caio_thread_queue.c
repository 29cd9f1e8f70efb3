/*
 * caio_thread_queue.c - the pool's request queues (blocking work apart from
 * cached reads) and the done queue.
 */
#define _GNU_SOURCE
#include "caio_thread_pool_int.h"
#include "caio_spin.h"

/* The queue a request belongs in: cached reads apart, so that inline
 * attempts find them in O(1). */
static caio_fifo_t *queue_of(caio_pool_t *p, int32_t s)
{
    return p->reqs[s].cached ? &p->cached_q : &p->blocking_q;
}

void queue_push_tail(caio_pool_t *p, int32_t s)
{
    caio_fifo_push_tail(queue_of(p, s), p->links, s);
    p->device_queued += p->reqs[s].device;
}

void queue_push_head(caio_pool_t *p, int32_t s)
{
    caio_fifo_push_head(queue_of(p, s), p->links, s);
    p->device_queued += p->reqs[s].device;
}

void queue_unlink(caio_pool_t *p, int32_t s)
{
    caio_fifo_unlink(queue_of(p, s), p->links, s);
    p->device_queued -= p->reqs[s].device;
}

int32_t worker_next(const caio_pool_t *p)
{
    return p->blocking_q.head != NIL ? p->blocking_q.head : p->cached_q.head;
}

/* Slots stay COMPLETED until reaped, so the done queue can never overflow;
 * should that invariant break, keeping the slot busy beats overwriting
 * another slot's completion. */
void post_completion(caio_pool_t *p, int32_t s, int64_t result)
{
    request_t *r = &p->reqs[s];
    r->result = result;
    r->state = COMPLETED;
    if (caio_done_push(&p->done, s) != 0)
        return;
    if (p->waiting_reapers > 0)
        pthread_cond_signal(&p->reap_cond);
}

bool queue_nonempty(const void *pool)
{
    const caio_pool_t *p = pool;
    return __atomic_load_n(&p->blocking_q.head, __ATOMIC_RELAXED) != NIL ||
           __atomic_load_n(&p->cached_q.head, __ATOMIC_RELAXED) != NIL;
}

bool done_or_cached_nonempty(const void *pool)
{
    const caio_pool_t *p = pool;
    return caio_done_waiting(&p->done) ||
           __atomic_load_n(&p->cached_q.count, __ATOMIC_RELAXED) != 0;
}

/* Counted in p->spinning so that submitters know a thread is about to look
 * at the queue. */
void spin_unlocked(caio_pool_t *p, bool (*ready)(const void *), int64_t budget_ns)
{
    atomic_fetch_add(&p->spinning, 1);
    pthread_mutex_unlock(&p->lock);
    (void)caio_spin_for(ready, p, budget_ns); /* callers recheck under the lock */
    pthread_mutex_lock(&p->lock);
    atomic_fetch_sub(&p->spinning, 1);
}
