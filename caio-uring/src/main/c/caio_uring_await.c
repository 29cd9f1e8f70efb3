/*
 * caio_uring_await.c - a thread about to block on its own request waits in
 * the ring instead.
 *
 * The kernel finishes an O_DIRECT request in task work of the thread that
 * submitted it.  A Java thread parked on the future is woken to run that
 * work, which posts the CQE and wakes the completion thread, which wakes
 * the parked thread again: three wake-ups per request.  Waiting in
 * io_uring_enter(GETEVENTS) instead, the thread runs its task work inside
 * the wait and returns with the CQE: one wake-up, as fio's io_uring engine
 * has at depth 1.
 *
 * One thread at a time owns lane 0's CQ this way (ring_waiter): while it
 * waits, nobody else harvests lane 0 (caio_uring_reap.c), so a CQE it waits
 * for can never be taken from under it, and it harvests every CQE there,
 * anyone's, and delivers what it can take.  It stops waiting as soon as the
 * done queue holds something, its request left the kernel, or the engine
 * stops; shutdown's cancels post CQEs into lane 0 and so wake it.
 */
#define _GNU_SOURCE
#include "caio_uring_internal.h"

#include <errno.h>

int caio_uring_await(caio_uring_t *e, int32_t slot, caio_completion_t *out, int max)
{
    if (slot < 0 || slot >= e->head.max_requests)
        return -EINVAL;
    if (out == NULL || max < 1)
        return 0;
    uring_slot_t *s = &e->slots[slot];
    /* Only a request with an SQE in lane 0 posts where this thread can
     * wait; a pending, helper-ring or submitter-copied one is left to the
     * completion thread. */
    if (atomic_load_explicit(&s->state, memory_order_acquire) != SLOT_KERNEL ||
        !atomic_load_explicit(&s->in_ring, memory_order_acquire) || s->lane != LANE_SUBMIT ||
        atomic_load_explicit(&e->stopping, memory_order_relaxed))
        return 0;
    int idle = 0;
    if (!atomic_compare_exchange_strong(&e->ring_waiter, &idle, 1))
        return 0; /* one waiter at a time: each CQE would wake them all */
    uring_ring_t *r = &e->lane[LANE_SUBMIT].ring;
    /* Completions here are this thread's to deliver: the eventfd would only
     * wake a completion thread that must leave lane 0 alone. */
    if (e->quiet_submit)
        __atomic_fetch_or(r->cq_flags, IORING_CQ_EVENTFD_DISABLED, __ATOMIC_RELAXED);
    pthread_mutex_lock(&e->cq_lock);
    for (;;) {
        uring_harvest_lane_locked(e, LANE_SUBMIT);
        if (e->done.count > 0 || e->retry_count > 0 || e->terminated ||
            atomic_load_explicit(&e->stopping, memory_order_relaxed) ||
            atomic_load_explicit(&s->state, memory_order_acquire) != SLOT_KERNEL)
            break;
        pthread_mutex_unlock(&e->cq_lock);
        /* Returns once lane 0's CQ holds an entry (ours or anyone's), after
         * running this thread's task work; EINTR is just an early look. */
        int rc = uring_enter(r->fd, 0, 1, IORING_ENTER_GETEVENTS);
        pthread_mutex_lock(&e->cq_lock);
        if (rc < 0 && rc != -EINTR && rc != -EAGAIN && rc != -EBUSY)
            break; /* cannot wait here: the completion thread delivers */
    }
    atomic_store(&e->ring_waiter, 0);
    if (e->retry_count > 0)
        uring_wake_locked(e); /* retries are the completion thread's to resubmit */
    pthread_mutex_unlock(&e->cq_lock);
    if (e->quiet_submit) {
        __atomic_fetch_and(r->cq_flags, ~IORING_CQ_EVENTFD_DISABLED, __ATOMIC_RELAXED);
        /* Order the clear before the harvest in poll: a CQE posted while
         * the flag was set is seen there, any later one signals. */
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
    }
    return caio_uring_poll(e, out, max);
}
