/*
 * caio_thread_submit.c - submit: queues a batch for the workers, and runs
 * part of its cached reads on the submitting thread (caio_thread_inline.c).
 */
#define _GNU_SOURCE
#include "caio_thread_pool_int.h"
#include "caio_batch.h"
#include "caio_fd.h"
#include "caio_share.h"

#include <errno.h>

/* How many of the batch's cached reads the submitter keeps for itself.
 * Half of the reads, not of the batch: in a batch that also writes, the
 * completion thread must still get reads to share. */
static int own_quota(const caio_pool_t *p, const caio_op_t *ops, int count)
{
    int reads = 0;
    for (int i = 0; p->inline_reads && i < count; i++)
        reads += ops[i].kind == CAIO_OP_READ && ops[i].len > 0 && ops[i].fd >= 0;
    int keep = caio_share_batch(p->share, reads) ? caio_share_own(reads) : 0;
    return keep < OWN_MAX ? keep : OWN_MAX;
}

/* Whether a request keeps its thread asleep on the device (grow_workers):
 * syncs and O_DIRECT always; a buffered read when inline reads are off, as
 * nobody tried it against the cache.  A buffered write only copies into the
 * page cache; when the kernel throttles it for writeback, more threads
 * would not write back faster. */
static int waits_for_device(const caio_pool_t *p, const caio_op_t *op, int buffered)
{
    if (op->kind != CAIO_OP_READ && op->kind != CAIO_OP_WRITE)
        return 1;
    if (!buffered)
        return op->len > 0;
    return op->kind == CAIO_OP_READ && !p->inline_reads;
}

/* Where place_ops put a batch: how many requests went to each queue, and
 * the cached reads the submitter kept (RUNNING, in no queue). */
typedef struct placed {
    int blocking, cached, owned;
    int32_t own[OWN_MAX];
} placed_t;

/* Caller holds the lock, and every slot of the batch is claimed. */
static void place_ops(caio_pool_t *p, const caio_op_t *ops, int count, placed_t *pl)
{
    int last_fd = -1, last_cacheable = 0; /* a batch usually targets one file: one look-up */
    int keep = own_quota(p, ops, count);
    for (int i = 0; i < count; i++) {
        const caio_op_t *op = &ops[i];
        request_t *r = &p->reqs[op->slot];
        if (op->fd < 0) {
            post_completion(p, op->slot, -EBADF);
            continue;
        }
        /* A zero-length read goes to a worker so a bad fd still reports. */
        int transfer = (op->kind == CAIO_OP_READ || op->kind == CAIO_OP_WRITE) && op->len > 0;
        int try_cached = p->inline_reads && transfer;
        if (transfer && op->fd != last_fd) {
            last_fd = op->fd;
            /* RWF_NOWAIT on O_DIRECT still waits; a stale memo costs only that wait. */
            last_cacheable = caio_fd_memo_buffered(&p->fd_memo, op->fd);
        }
        *r = (request_t){.offset = op->offset, .addr = op->addr, .len = op->len,
                         .fd = op->fd, .kind = (uint8_t)op->kind, .state = QUEUED,
                         .cached = (uint8_t)(try_cached && last_cacheable),
                         .device = (uint8_t)waits_for_device(p, op, transfer && last_cacheable)};
        if (r->cached && pl->owned < keep) {
            /* Running from here on: cancel and shutdown leave it to us. */
            r->state = RUNNING;
            pl->own[pl->owned++] = op->slot;
            continue;
        }
        queue_push_tail(p, op->slot);
        pl->blocking += !r->cached;
        pl->cached += r->cached;
    }
}

int caio_pool_submit(caio_pool_t *p, const caio_op_t *ops, int count, int *bad)
{
    int rc = caio_pool_submit_collect(p, ops, count, bad, NULL, 0);
    return rc < 0 ? rc : 0;
}

int caio_pool_submit_collect(caio_pool_t *p, const caio_op_t *ops, int count, int *bad,
                             caio_completion_t *out, int max)
{
    int rc = caio_batch_check(ops, count, p->head.max_requests, bad);
    if (rc < 0)
        return rc;
    pthread_mutex_lock(&p->lock);
    if (p->stopping) {
        pthread_mutex_unlock(&p->lock);
        return -ESHUTDOWN;
    }
    /* All or nothing: nothing is visible to the workers before every slot is ours. */
    rc = caio_batch_claim(&p->reqs[0].state, sizeof(p->reqs[0]), ops, count, QUEUED, bad);
    if (rc < 0) {
        pthread_mutex_unlock(&p->lock);
        return rc;
    }
    placed_t pl;
    pl.blocking = pl.cached = pl.owned = 0;
    place_ops(p, ops, count, &pl);
    wake_workers(p, pl.blocking);
    /* The submitter drains the queue itself; an awake reaper takes reads
     * from it at the same time, and a big batch wakes a sleeping one. */
    if (caio_share_batch(p->share, pl.cached + pl.owned) && p->active_reapers == 0 &&
        p->waiting_reapers > 0 && atomic_load(&p->spinning) == 0)
        pthread_cond_signal(&p->reap_cond);
    sink_t k = {out, out == NULL ? 0 : max, 0};
    p->submitters_running++;
    if (pl.owned > 0)
        run_own(p, pl.own, pl.owned, &k);
    run_cached(p, INT32_MAX, &k, false);
    p->submitters_running--;
    pthread_mutex_unlock(&p->lock);
    return k.n;
}
