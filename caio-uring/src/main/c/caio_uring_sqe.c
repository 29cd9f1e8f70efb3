/*
 * caio_uring_sqe.c - a lane's submission queue under its sq_lock: room for
 * an SQE, publishing it, cancel SQEs, and handing what is published to the
 * kernel with one io_uring_enter per flush.
 *
 * The SQ is a staging area, not a limit: when it fills up mid-batch we
 * submit what is there and continue, so max_requests may exceed it.  No op
 * is ever dropped: if the kernel refuses SQEs for good, they complete with
 * that error through reap instead.
 */
#define _GNU_SOURCE
#include "caio_uring_internal.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

/* Transient io_uring_enter failures (EAGAIN, EBUSY, ENOMEM) are retried
 * this often, about a second in all, before the ops fail with that error. */
#define ENTER_RETRIES 1000

static void pause_us(long us)
{
    struct timespec ts = {0, us * 1000};
    nanosleep(&ts, NULL);
}

/* Free SQEs.  Without SQPOLL the kernel moves the head only inside
 * io_uring_enter, which runs under sq_lock; with SQPOLL at any time. */
static unsigned sq_space(const uring_lane_t *l)
{
    return l->ring.sq_entries - (l->sq_tail - uring_load_acquire(l->ring.sq_head));
}

/* The kernel will never read the published but unconsumed SQEs (only
 * possible without SQPOLL, where it reads them only inside our enter):
 * take them back and complete their ops with -err so nothing hangs. */
static void fail_unsubmitted_locked(caio_uring_t *e, uring_lane_t *l, int err)
{
    unsigned head = uring_load_acquire(l->ring.sq_head);
    pthread_mutex_lock(&e->cq_lock);
    for (unsigned i = head; i != l->sq_tail; i++) {
        uint64_t ud = l->ring.sqes[i & l->ring.sq_mask].user_data;
        if (ud & UD_CANCEL) {
            atomic_fetch_sub(&e->cancels_in_kernel, 1);
            continue;
        }
        atomic_fetch_sub(&e->ops_in_kernel, 1);
        uring_push_done_locked(e, (int32_t)(uint32_t)ud, -err);
    }
    uring_wake_locked(e);
    pthread_mutex_unlock(&e->cq_lock);
    l->sq_tail = head;
    uring_store_release(l->ring.sq_tail, head);
    l->unsubmitted = 0;
}

static void harvest_for_room(caio_uring_t *e)
{
    pthread_mutex_lock(&e->cq_lock);
    if (uring_harvest_locked(e) > 0)
        uring_wake_locked(e);
    pthread_mutex_unlock(&e->cq_lock);
}

void uring_flush_locked(caio_uring_t *e, uring_lane_t *l)
{
    if (e->sqpoll) { /* lane 0 only: SQPOLL engines have no helper ring */
        /* The kernel thread sees the new tail by itself unless it fell
         * asleep after idling.  The full barrier orders our tail store
         * before the flags load (liburing's io_uring_smp_mb), otherwise
         * both sides could miss each other. */
        l->unsubmitted = 0;
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        if (__atomic_load_n(l->ring.sq_flags, __ATOMIC_RELAXED) & IORING_SQ_NEED_WAKEUP)
            (void)uring_enter(l->ring.fd, 0, 0, IORING_ENTER_SQ_WAKEUP);
        return;
    }
    int retries = 0;
    while (l->unsubmitted > 0) {
        int n = uring_enter(l->ring.fd, l->unsubmitted, 0, 0);
        if (n > 0) {
            l->unsubmitted -= (unsigned)n < l->unsubmitted ? (unsigned)n : l->unsubmitted;
            retries = 0;
        } else if (n == -EINTR) {
            continue;
        } else if ((n == 0 || n == -EAGAIN || n == -EBUSY || n == -ENOMEM) &&
                   retries++ < ENTER_RETRIES) {
            /* EBUSY: the CQ overflow list is full; harvesting makes room. */
            harvest_for_room(e);
            pause_us(retries < 10 ? 10 : 1000);
        } else {
            fail_unsubmitted_locked(e, l, n < 0 ? -n : EAGAIN);
        }
    }
}

struct io_uring_sqe *uring_next_sqe_locked(caio_uring_t *e, uring_lane_t *l)
{
    while (sq_space(l) == 0) {
        uring_flush_locked(e, l); /* without SQPOLL this always empties the SQ */
        if (e->sqpoll && sq_space(l) == 0) {
            /* Make CQ room ourselves: the reaper may be waiting for
             * sq_lock (to resubmit), so it cannot be relied on here. */
            harvest_for_room(e);
            pause_us(20);
        }
    }
    struct io_uring_sqe *sqe = &l->ring.sqes[l->sq_tail & l->ring.sq_mask];
    memset(sqe, 0, sizeof(*sqe));
    return sqe;
}

void uring_publish_locked(uring_lane_t *l)
{
    l->sq_tail++;
    l->unsubmitted++;
    /* Release: the SQE's contents become visible before the new tail. */
    uring_store_release(l->ring.sq_tail, l->sq_tail);
}

void uring_queue_cancel_locked(caio_uring_t *e, uring_lane_t *l, int32_t slot)
{
    uring_slot_t *s = &e->slots[slot];
    s->cancel_sent = 1;
    struct io_uring_sqe *sqe = uring_next_sqe_locked(e, l);
    sqe->opcode = IORING_OP_ASYNC_CANCEL;
    sqe->fd = -1;
    sqe->addr = ud_make(s->gen, slot); /* matches this submission only */
    sqe->user_data = UD_CANCEL | sqe->addr;
    atomic_fetch_add(&e->cancels_in_kernel, 1);
    uring_publish_locked(l);
}

/* quiet: the caller harvests right after, so the eventfd stays silent for
 * what completes inside this io_uring_enter (it would only wake a reaper
 * that finds nothing).  Cleared before sq_lock is left, so at most one
 * window per ring is open and every CQE posted after it signals again. */
void uring_flush_quiet_locked(caio_uring_t *e, uring_lane_t *l, bool quiet)
{
    if (quiet)
        __atomic_fetch_or(l->ring.cq_flags, IORING_CQ_EVENTFD_DISABLED, __ATOMIC_RELAXED);
    uring_flush_locked(e, l);
    if (quiet) {
        __atomic_fetch_and(l->ring.cq_flags, ~IORING_CQ_EVENTFD_DISABLED, __ATOMIC_RELAXED);
        /* Order the clear before the caller's look at the CQ tail: a CQE the
         * kernel posted while the flag was set is then seen there. */
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
    }
}
