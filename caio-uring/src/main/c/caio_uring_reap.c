/*
 * caio_uring_reap.c - the completion side: moving CQEs into the done queue,
 * handing them to reapers, and shutdown.
 *
 * Harvesting always empties the whole CQ (and the kernel's overflow list)
 * into the done queue, which holds max_requests slots and so can never
 * overflow: reap then hands out at most `max` and keeps the rest, so no
 * completion is stranded however few a caller asks for.
 *
 * Waiting: the eventfd is signalled once per posting, and several CQEs may
 * share one signal, so it is only ever a hint to look again.  Exactly one
 * thread (the leader) sleeps in poll() on it; other waiters sleep on
 * cq_cond until the leader returns.  Two threads resetting the eventfd
 * could otherwise each eat the other's wakeup.
 *
 * A -ECANCELED we did not ask for (the submitting thread exited, so the
 * kernel dropped its pending requests) goes on the retry list and reap
 * resubmits it from the reaping thread, up to URING_MAX_RETRIES times.
 *
 * Completions are posted without our help: no IORING_SETUP_COOP_TASKRUN or
 * DEFER_TASKRUN, under which a completion waits until the submitting thread
 * enters the kernel again; a Java thread may never do that, which is the
 * upstream hang "eventfd never signalled for deferred completions".
 */
#define _GNU_SOURCE
#include "caio_direct.h"
#include "caio_uring_internal.h"
#include "caio_share.h"
#include "caio_spin.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <unistd.h>

/* Shutdown re-checks this often even without a wakeup: it may be a
 * follower of a leader that is busy elsewhere. */
#define SHUTDOWN_POLL_MS 10

void uring_push_done_locked(caio_uring_t *e, int32_t slot, int64_t result)
{
    uring_slot_t *s = &e->slots[slot];
    s->result = result;
    atomic_store(&s->state, SLOT_DONE);
    /* A slot is in the queue at most once, so it cannot be full; should
     * that break, a slot stuck busy beats overwriting a completion. */
    (void)caio_done_push(&e->done, slot);
}

void uring_wake_locked(caio_uring_t *e)
{
    if (e->polling) {
        uint64_t one = 1;
        (void)!write(e->efd, &one, sizeof(one));
    }
    if (e->followers > 0)
        pthread_cond_broadcast(&e->cq_cond);
}

/* EINVAL from an O_DIRECT transfer that breaks the file's alignment: say so
 * (the fd is still open, Java closes it only after the completion is
 * reaped). */
static int64_t result_of(const uring_slot_t *s, int res)
{
    if (res == -EINVAL && (s->op.kind == CAIO_OP_READ || s->op.kind == CAIO_OP_WRITE) &&
        caio_dio_misaligned(s->op.fd, s->op.offset, s->op.addr, uring_len(s)))
        return -CAIO_E_MISALIGNED;
    return res;
}

static int harvest_ring_locked(caio_uring_t *e, uring_ring_t *r)
{
    int moved = 0;
    for (;;) {
        unsigned head = __atomic_load_n(r->cq_head, __ATOMIC_RELAXED);
        unsigned tail = uring_load_acquire(r->cq_tail);
        unsigned seen = tail - head;
        for (; head != tail; head++) {
            const struct io_uring_cqe *cqe = &r->cqes[head & r->cq_mask];
            uint64_t ud = cqe->user_data;
            if (ud & UD_CANCEL) { /* -ENOENT, -EALREADY or 0: bookkeeping */
                atomic_fetch_sub(&e->cancels_in_kernel, 1);
                continue;
            }
            uint32_t slot = (uint32_t)ud;
            if (slot >= (uint32_t)e->head.max_requests)
                continue; /* not ours; cannot happen */
            uring_slot_t *s = &e->slots[slot];
            if (atomic_load_explicit(&s->state, memory_order_acquire) != SLOT_KERNEL ||
                s->gen != (uint32_t)(ud >> 32))
                continue; /* a duplicate or stale CQE must never complete a slot twice */
            atomic_fetch_sub(&e->ops_in_kernel, 1);
            if (cqe->res == -ECANCELED && !s->cancel_sent && !e->stopping &&
                s->retries < URING_MAX_RETRIES) {
                /* Not our cancel: its submitting thread exited.  Nothing
                 * was transferred, so run it again (reap does). */
                s->retries++;
                e->retry[e->retry_count++] = (int32_t)slot;
                moved++;
                continue;
            }
            uring_push_done_locked(e, (int32_t)slot, result_of(s, cqe->res));
            moved++;
        }
        /* Release: we are done reading those CQEs before the kernel may
         * reuse their entries. */
        uring_store_release(r->cq_head, head);
        /* With NODROP, CQEs that did not fit wait in the kernel's overflow
         * list until io_uring_enter(GETEVENTS) flushes them into the room we
         * just made.  Kernels before 5.8 have no flag: a full CQ is the
         * hint there. */
        if (!uring_cq_overflowed(r) && seen < r->cq_entries)
            return moved;
        (void)uring_enter(r->fd, 0, 0, IORING_ENTER_GETEVENTS);
        e->overflow_flushes++;
        if (uring_cq_ready(r) == 0)
            return moved;
    }
}

/* Lane 0 is the ring waiter's alone while it waits (caio_uring_await.c):
 * a CQE taken from under it could leave it asleep with nothing to come. */
static int open_lane(const caio_uring_t *e, int first)
{
    return first == LANE_SUBMIT && atomic_load_explicit(&e->ring_waiter, memory_order_relaxed) ? LANE_HELPER
                                                                                               : first;
}

/* From lane `first` on: the completion thread leaves lane 0 to a
 * submitter that is about to harvest it (see reaper_first_lane). */
static int harvest_from_locked(caio_uring_t *e, int first)
{
    int moved = 0;
    for (int i = open_lane(e, first); i < e->lanes; i++)
        moved += harvest_ring_locked(e, &e->lane[i].ring);
    return moved;
}

int uring_harvest_locked(caio_uring_t *e)
{
    return harvest_from_locked(e, 0);
}

int uring_harvest_lane_locked(caio_uring_t *e, int lane)
{
    return harvest_ring_locked(e, &e->lane[lane].ring);
}

static bool cq_ready_from(const caio_uring_t *e, int first)
{
    for (int i = open_lane(e, first); i < e->lanes; i++)
        if (uring_cq_ready(&e->lane[i].ring) > 0 || uring_cq_overflowed(&e->lane[i].ring))
            return true;
    return false;
}

/* While a submitter is inside submit_collect, the CQEs of its own ring are
 * its to harvest and deliver, right after its io_uring_enter: were the
 * completion thread to take them, it would deliver the whole batch alone
 * while the submitter waited for it.  Anything the submitter leaves, or
 * what completes after it returned, signals the eventfd as usual. */
static int reaper_first_lane(const caio_uring_t *e)
{
    return atomic_load_explicit(&e->collecting, memory_order_relaxed) > 0 ? LANE_HELPER : LANE_SUBMIT;
}

/* Work for the completion thread other than completions: a pending batch
 * its helper ring can take a share of. */
static bool helper_has_work(const caio_uring_t *e)
{
    return e->lanes > 1 && uring_has_pending(e) && !atomic_load_explicit(&e->stopping, memory_order_relaxed);
}

#define QUIET_POLL_MS 20

static int has_news_locked(caio_uring_t *e, int for_reaper)
{
    return (for_reaper && (e->done.count > 0 || e->retry_count > 0 || helper_has_work(e))) ||
           e->terminated || cq_ready_from(e, for_reaper ? reaper_first_lane(e) : 0);
}

/* Racy look at the CQs (and the pending queue) for caio_spin_for;
 * rechecked under cq_lock. */
static bool reaper_has_news(const void *engine)
{
    const caio_uring_t *e = engine;
    return cq_ready_from(e, reaper_first_lane(e)) || helper_has_work(e);
}

/* cq_lock held (dropped while sleeping).  Returns when something may have
 * changed; the caller re-checks.  timeout_ms < 0 waits without limit. */
static void wait_locked(caio_uring_t *e, int timeout_ms, int for_reaper)
{
    if (for_reaper && timeout_ms < 0 && !e->polling) {
        /* Completions of cached reads arrive microseconds apart: look at the
         * shared CQ for a moment before sleeping on the eventfd, since a
         * sleeping reaper makes every completion pay for its wake-up.  With
         * a helper ring the next batch also needs this thread awake to be
         * copied on both cores: wait as long as the thread pool's reaper. */
        pthread_mutex_unlock(&e->cq_lock);
        bool seen = caio_spin_for(reaper_has_news, e, e->lanes > 1 ? CAIO_SPIN_LONG_NS : CAIO_SPIN_NS);
        pthread_mutex_lock(&e->cq_lock);
        if (seen)
            return;
    }
    if (e->polling) {
        e->followers++;
        if (timeout_ms < 0) {
            pthread_cond_wait(&e->cq_cond, &e->cq_lock);
        } else {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_nsec += timeout_ms * 1000000L;
            ts.tv_sec += ts.tv_nsec / 1000000000L;
            ts.tv_nsec %= 1000000000L;
            pthread_cond_timedwait(&e->cq_cond, &e->cq_lock, &ts);
        }
        e->followers--;
        return;
    }
    /* Reset the count, then look: a CQE posted after the reset signals the
     * eventfd again, one posted before is seen by the check. */
    uint64_t count;
    (void)!read(e->efd, &count, sizeof(count));
    if (has_news_locked(e, for_reaper))
        return;
    e->polling = 1;
    pthread_mutex_unlock(&e->cq_lock);
    struct pollfd pfd = {.fd = e->efd, .events = POLLIN};
    /* With quiet submits, a CQE the kernel posted just as a submitter
     * cleared IORING_CQ_EVENTFD_DISABLED could go unsignalled if the two
     * sides' stores and loads crossed; a bounded sleep caps what that can
     * cost instead of relying on the kernel's barriers. */
    if (e->quiet_submit && (timeout_ms < 0 || timeout_ms > QUIET_POLL_MS))
        timeout_ms = QUIET_POLL_MS;
    (void)poll(&pfd, 1, timeout_ms); /* EINTR is just an early look */
    pthread_mutex_lock(&e->cq_lock);
    e->polling = 0;
    if (e->followers > 0)
        pthread_cond_broadcast(&e->cq_cond); /* one of them leads now */
}

static int take(caio_uring_t *e, caio_completion_t *out, int max, bool block)
{
    if (max < 1 || out == NULL)
        return 0;
    pthread_mutex_lock(&e->cq_lock);
    for (;;) {
        harvest_from_locked(e, block ? reaper_first_lane(e) : 0);
        if (e->retry_count > 0) {
            pthread_mutex_unlock(&e->cq_lock);
            uring_resubmit_cancelled(e);
            pthread_mutex_lock(&e->cq_lock);
            continue;
        }
        if (e->done.count > 0)
            break;
        if (e->terminated || !block) {
            pthread_mutex_unlock(&e->cq_lock);
            return e->terminated && block ? -1 : 0;
        }
        if (helper_has_work(e)) {
            pthread_mutex_unlock(&e->cq_lock);
            uring_issue_pending(e, LANE_HELPER, 1);
            pthread_mutex_lock(&e->cq_lock);
            continue;
        }
        wait_locked(e, -1, 1);
    }
    int n = 0;
    for (; n < max && e->done.count > 0; n++) {
        int32_t slot = caio_done_pop(&e->done);
        uring_slot_t *s = &e->slots[slot];
        out[n] = (caio_completion_t){.slot = slot, .result = s->result};
        atomic_store_explicit(&s->in_ring, 0, memory_order_relaxed);
        /* Release: only now may a submitter reuse the slot. */
        atomic_store_explicit(&s->state, SLOT_FREE, memory_order_release);
    }
    if (e->done.count > 0)
        uring_wake_locked(e); /* leftovers: let another reaper have them */
    pthread_mutex_unlock(&e->cq_lock);
    return n;
}

int caio_uring_reap(caio_uring_t *e, caio_completion_t *out, int max)
{
    return take(e, out, max, true);
}

int caio_uring_poll(caio_uring_t *e, caio_completion_t *out, int max)
{
    return take(e, out, max, false);
}

void caio_uring_shutdown(caio_uring_t *e)
{
    pthread_mutex_lock(&e->lane[LANE_SUBMIT].sq_lock);
    if (e->stopping) { /* another caller does the work; wait for it */
        pthread_mutex_unlock(&e->lane[LANE_SUBMIT].sq_lock);
        pthread_mutex_lock(&e->cq_lock);
        while (!e->terminated)
            pthread_cond_wait(&e->shut_cond, &e->cq_lock);
        pthread_mutex_unlock(&e->cq_lock);
        return;
    }
    if (e->lanes > 1)
        pthread_mutex_lock(&e->lane[LANE_HELPER].sq_lock);
    /* Under every sq_lock: no chunk is between the pending queue and its
     * ring now, and none leaves the queue after this. */
    e->stopping = 1;
    pthread_mutex_lock(&e->pend_lock);
    pthread_mutex_lock(&e->cq_lock);
    uring_fail_pending_locked(e, ECANCELED);
    uring_wake_locked(e);
    pthread_mutex_unlock(&e->cq_lock);
    pthread_mutex_unlock(&e->pend_lock);
    for (int i = e->lanes - 1; i >= 0; i--) {
        uring_cancel_all_locked(e, i);
        pthread_mutex_unlock(&e->lane[i].sq_lock);
    }

    /* Java keeps a buffer alive only until its completion is reaped, and
     * destroy unmaps the rings after us: so wait until the kernel holds no
     * request at all, harvesting ourselves in case nobody reaps. */
    pthread_mutex_lock(&e->cq_lock);
    for (;;) {
        int moved = uring_harvest_locked(e);
        /* Retries queued before we set stopping: nobody resubmits now. */
        for (; e->retry_count > 0; moved++)
            uring_push_done_locked(e, e->retry[--e->retry_count], -ECANCELED);
        if (moved > 0)
            uring_wake_locked(e);
        if (atomic_load(&e->ops_in_kernel) == 0 && atomic_load(&e->cancels_in_kernel) == 0)
            break;
        wait_locked(e, SHUTDOWN_POLL_MS, 0);
    }
    e->terminated = 1;
    uring_wake_locked(e);
    pthread_cond_broadcast(&e->shut_cond);
    pthread_mutex_unlock(&e->cq_lock);
}
