/*
 * caio_uring_pending.c - the pending queue of shared batches: the submitter
 * and the completion thread each move chunks of it into their own ring, so
 * that the kernel copies on two cores (see caio_uring_internal.h).
 */
#define _GNU_SOURCE
#include "caio_uring_internal.h"

int uring_chunk_for(const caio_uring_t *e, int n)
{
    return e->chunk > 0 ? e->chunk : caio_share_chunk(e->share, n);
}

/* Under pend_lock: unlinks up to the current chunk of pending ops for the
 * lane into taken, now KERNEL; returns how many. */
static int take_chunk_locked(caio_uring_t *e, int lane, int32_t *taken)
{
    int n = 0, chunk = e->pend_chunk;
    chunk = chunk < 1 ? 1 : chunk > CAIO_SHARE_CHUNK_MAX ? CAIO_SHARE_CHUNK_MAX : chunk;
    while (n < chunk && e->pending.head != CAIO_NIL) {
        int32_t slot = e->pending.head;
        caio_fifo_unlink(&e->pending, e->links, slot);
        uring_slot_t *s = &e->slots[slot];
        s->lane = (uint8_t)lane;
        atomic_store(&s->state, SLOT_KERNEL);
        taken[n++] = slot;
    }
    if (lane == LANE_HELPER)
        e->helped += (unsigned long)n;
    return n;
}

int uring_issue_pending(caio_uring_t *e, int lane, int quiet)
{
    uring_lane_t *l = &e->lane[lane];
    int32_t taken[CAIO_SHARE_CHUNK_MAX];
    pthread_mutex_lock(&l->sq_lock);
    pthread_mutex_lock(&e->pend_lock);
    /* Shutdown sets stopping under every sq_lock and then fails what is
     * pending: nothing may leave the queue for the kernel after that. */
    int n = e->stopping ? 0 : take_chunk_locked(e, lane, taken);
    pthread_mutex_unlock(&e->pend_lock);
    for (int i = 0; i < n; i++)
        uring_queue_op_locked(e, taken[i]);
    if (n > 0)
        uring_flush_quiet_locked(e, l, quiet && e->quiet_submit);
    pthread_mutex_unlock(&l->sq_lock);
    return n;
}

void uring_fail_pending_locked(caio_uring_t *e, int err)
{
    while (e->pending.head != CAIO_NIL) {
        int32_t slot = e->pending.head;
        caio_fifo_unlink(&e->pending, e->links, slot);
        uring_push_done_locked(e, slot, -err);
    }
}
