/*
 * caio_thread_submit.c - submit: queues a batch for the workers, and runs
 * part of its cached reads on the submitting thread (caio_thread_inline.c).
 */
#define _GNU_SOURCE
#include "caio_thread_pool_int.h"
#include "caio_fd.h"

#include <errno.h>

/* The JNI layer validates too; this keeps the pool safe on its own. */
static int op_is_valid(const caio_pool_t *p, const caio_op_t *op)
{
    return op->slot >= 0 && op->slot < p->max_requests && op->kind >= CAIO_OP_READ &&
           op->kind <= CAIO_OP_FDSYNC && op->offset >= 0 &&
           op->len <= (uint64_t)(INT64_MAX - op->offset) &&
           (op->addr != NULL || op->len == 0 || op->kind >= CAIO_OP_FSYNC);
}

static int check_ops(const caio_pool_t *p, const caio_op_t *ops, int count, int *bad)
{
    if (count < 0 || (count > 0 && ops == NULL))
        return -EINVAL;
    for (int i = 0; i < count; i++) {
        if (!op_is_valid(p, &ops[i])) {
            *bad = i;
            return -EINVAL;
        }
    }
    return 0;
}

/* Caller holds the lock.  Claims every slot first so a busy or repeated
 * slot rejects the whole batch before anything becomes visible to workers. */
static int claim_slots(caio_pool_t *p, const caio_op_t *ops, int count, int *bad)
{
    for (int i = 0; i < count; i++) {
        request_t *r = &p->reqs[ops[i].slot];
        if (r->state != FREE) {
            for (int j = 0; j < i; j++)
                p->reqs[ops[j].slot].state = FREE;
            *bad = i;
            return -EBUSY;
        }
        r->state = QUEUED;
    }
    return 0;
}

/* How many of the batch's cached reads the submitter keeps for itself.
 * Half of the reads, not of the batch: in a batch that also writes, the
 * completion thread must still get reads to share. */
static int own_quota(const caio_pool_t *p, const caio_op_t *ops, int count)
{
    int reads = 0;
    for (int i = 0; p->inline_reads && i < count; i++)
        reads += ops[i].kind == CAIO_OP_READ && ops[i].len > 0 && ops[i].fd >= 0;
    int keep = reads >= SHARE_MIN ? reads / OWN_DIVISOR : 0;
    if (keep > OWN_MAX)
        keep = OWN_MAX;
    return keep;
}

int caio_pool_submit(caio_pool_t *p, const caio_op_t *ops, int count, int *bad)
{
    int rc = caio_pool_submit_collect(p, ops, count, bad, NULL, 0);
    return rc < 0 ? rc : 0;
}

int caio_pool_submit_collect(caio_pool_t *p, const caio_op_t *ops, int count, int *bad,
                             caio_completion_t *out, int max)
{
    *bad = -1;
    int rc = check_ops(p, ops, count, bad);
    if (rc < 0)
        return rc;
    pthread_mutex_lock(&p->lock);
    if (p->stopping) {
        pthread_mutex_unlock(&p->lock);
        return -ESHUTDOWN;
    }
    rc = claim_slots(p, ops, count, bad);
    if (rc < 0) {
        pthread_mutex_unlock(&p->lock);
        return rc;
    }
    int blocking = 0, cached = 0;
    int last_fd = -1, last_cacheable = 0; /* a batch usually targets one file: one fcntl */
    int32_t own[OWN_MAX];
    int owned = 0, keep = own_quota(p, ops, count);
    for (int i = 0; i < count; i++) {
        const caio_op_t *op = &ops[i];
        request_t *r = &p->reqs[op->slot];
        if (op->fd < 0) {
            post_completion(p, op->slot, -EBADF);
            continue;
        }
        /* A zero-length read goes to a worker so a bad fd still reports. */
        int try_cached = p->inline_reads && op->kind == CAIO_OP_READ && op->len > 0;
        if (try_cached && op->fd != last_fd) {
            last_fd = op->fd;
            last_cacheable = caio_fd_buffered(op->fd); /* RWF_NOWAIT on O_DIRECT still waits */
        }
        *r = (request_t){.offset = op->offset, .addr = op->addr, .len = op->len,
                         .fd = op->fd, .kind = (uint8_t)op->kind, .state = QUEUED,
                         .cached = (uint8_t)(try_cached && last_cacheable)};
        if (r->cached && owned < keep) {
            /* Running from here on: cancel and shutdown leave it to us. */
            r->state = RUNNING;
            own[owned++] = op->slot;
            continue;
        }
        queue_push_tail(p, op->slot);
        blocking += !r->cached;
        cached += r->cached;
    }
    wake_workers(p, blocking);
    /* The submitter drains the queue itself; an awake reaper takes reads
     * from it at the same time, and a big batch wakes a sleeping one. */
    if (cached + owned >= SHARE_MIN && p->active_reapers == 0 && p->waiting_reapers > 0 &&
        atomic_load(&p->spinning) == 0)
        pthread_cond_signal(&p->reap_cond);
    sink_t k = {out, out == NULL ? 0 : max, 0};
    p->submitters_running++;
    if (owned > 0)
        run_own(p, own, owned, &k);
    run_cached(p, INT32_MAX, &k, false);
    p->submitters_running--;
    pthread_mutex_unlock(&p->lock);
    return k.n;
}
