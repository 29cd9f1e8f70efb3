/*
 * caio_uring_cancel.c - cancelling: one slot at Java's request, every
 * request of a lane at shutdown, and the other -ECANCELED, the one we did
 * not ask for (its submitting thread exited), whose op runs again from the
 * reaping thread.
 */
#define _GNU_SOURCE
#include "caio_uring_internal.h"

#include <errno.h>

int caio_uring_cancel(caio_uring_t *e, int32_t slot)
{
    if (slot < 0 || slot >= e->head.max_requests)
        return -EINVAL;
    uring_slot_t *s = &e->slots[slot];
    /* Under pend_lock the slot is either still pending (then it never
     * reaches the kernel) or its lane is final for this submission. */
    pthread_mutex_lock(&e->pend_lock);
    int state = atomic_load(&s->state);
    if (state == SLOT_PENDING) {
        caio_fifo_unlink(&e->pending, e->links, slot);
        pthread_mutex_lock(&e->cq_lock);
        uring_push_done_locked(e, slot, -ECANCELED);
        uring_wake_locked(e);
        pthread_mutex_unlock(&e->cq_lock);
        pthread_mutex_unlock(&e->pend_lock);
        return 1;
    }
    int lane = s->lane;
    pthread_mutex_unlock(&e->pend_lock);
    if (state != SLOT_KERNEL)
        return 0;
    uring_lane_t *l = &e->lane[lane];
    pthread_mutex_lock(&l->sq_lock);
    /* The op may complete right now; the cancel then finds nothing
     * (-ENOENT, filtered out), and the generation in its target keeps it
     * off the slot's next request. */
    if (!e->stopping && !s->cancel_sent && atomic_load(&s->state) == SLOT_KERNEL && s->lane == lane) {
        uring_queue_cancel_locked(e, l, slot);
        uring_flush_locked(e, l);
    }
    pthread_mutex_unlock(&l->sq_lock);
    return 0;
}

void uring_resubmit_cancelled(caio_uring_t *e)
{
    uring_lane_t *l0 = &e->lane[LANE_SUBMIT];
    pthread_mutex_lock(&l0->sq_lock);
    pthread_mutex_lock(&e->cq_lock);
    int n = e->retry_count, cancelled = 0;
    for (int i = 0; i < n; i++)
        e->scratch[i] = e->retry[i];
    e->retry_count = 0;
    /* Shutdown sets stopping under sq_lock, which we hold: if it has not
     * yet, it cannot start before these are back in the kernel. */
    if (e->stopping) {
        for (int i = 0; i < n; i++)
            uring_push_done_locked(e, e->scratch[i], -ECANCELED);
        uring_wake_locked(e);
        pthread_mutex_unlock(&e->cq_lock);
        pthread_mutex_unlock(&l0->sq_lock);
        return;
    }
    e->retried += (unsigned long)n;
    pthread_mutex_unlock(&e->cq_lock);
    for (int i = 0; i < n; i++) {
        int32_t slot = e->scratch[i];
        if (e->slots[slot].cancel_sent) { /* Java cancelled it meanwhile */
            e->scratch[cancelled++] = slot;
        } else {
            /* Retries go through lane 0, whatever lane they came from. */
            pthread_mutex_lock(&e->pend_lock);
            e->slots[slot].lane = LANE_SUBMIT;
            pthread_mutex_unlock(&e->pend_lock);
            uring_queue_op_locked(e, slot);
        }
    }
    uring_flush_locked(e, l0);
    if (cancelled > 0) {
        pthread_mutex_lock(&e->cq_lock);
        for (int i = 0; i < cancelled; i++)
            uring_push_done_locked(e, e->scratch[i], -ECANCELED);
        uring_wake_locked(e);
        pthread_mutex_unlock(&e->cq_lock);
    }
    pthread_mutex_unlock(&l0->sq_lock);
}

void uring_cancel_all_locked(caio_uring_t *e, int lane)
{
    uring_lane_t *l = &e->lane[lane];
    for (int32_t i = 0; i < e->head.max_requests; i++) {
        uring_slot_t *s = &e->slots[i];
        if (!s->cancel_sent && atomic_load(&s->state) == SLOT_KERNEL && s->lane == lane)
            uring_queue_cancel_locked(e, l, i);
    }
    uring_flush_locked(e, l);
}
