/*
 * caio_uring_submit.c - the submission side: filling SQEs under sq_lock and
 * handing them to the kernel with one io_uring_enter per batch.
 *
 * The SQ is a staging area, not a limit: when it fills up mid-batch we
 * submit what is there and continue, so max_requests may exceed it.  No op
 * is ever dropped: if the kernel refuses SQEs for good, they complete with
 * that error through reap instead.
 */
#define _GNU_SOURCE
#include "caio_uring_internal.h"
#include "caio_fd.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/uio.h>
#include <time.h>

/* Linux moves at most this much per read/write call (MAX_RW_COUNT); larger
 * requests come back short, which Java resumes. */
#define MAX_RW 0x7ffff000u
/* Transient io_uring_enter failures (EAGAIN, EBUSY, ENOMEM) are retried
 * this often, about a second in all, before the ops fail with that error. */
#define ENTER_RETRIES 1000

static void pause_us(long us)
{
    struct timespec ts = {0, us * 1000};
    nanosleep(&ts, NULL);
}

/* Test seam (caio_uring_test_defer_to_helper): submitters leave shared
 * batches to the helper ring entirely. */
static _Atomic int defer_to_helper;

void caio_uring_test_defer_to_helper(int on)
{
    atomic_store(&defer_to_helper, on);
}

/* Test seam (caio_uring_test_allow_streams): reads and writes of pipes and
 * sockets reach the kernel, where a read of an empty pipe stays parked. */
static _Atomic int allow_streams;

void caio_uring_test_allow_streams(int on)
{
    atomic_store(&allow_streams, on);
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

/* Hands every published SQE of the lane to the kernel. */
static void flush_locked(caio_uring_t *e, uring_lane_t *l)
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

/* The next free SQE, zeroed; waits for the kernel to consume if the SQ is
 * full.  Pair with publish_locked. */
static struct io_uring_sqe *next_sqe_locked(caio_uring_t *e, uring_lane_t *l)
{
    while (sq_space(l) == 0) {
        flush_locked(e, l); /* without SQPOLL this always empties the SQ */
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

static void publish_locked(uring_lane_t *l)
{
    l->sq_tail++;
    l->unsubmitted++;
    /* Release: the SQE's contents become visible before the new tail. */
    uring_store_release(l->ring.sq_tail, l->sq_tail);
}

/* The slot is KERNEL and its lane set before this. */
static void queue_op_locked(caio_uring_t *e, int32_t slot)
{
    uring_slot_t *s = &e->slots[slot];
    uring_lane_t *l = &e->lane[s->lane];
    struct io_uring_sqe *sqe = next_sqe_locked(e, l);
    sqe->fd = s->fd;
    sqe->user_data = ud_make(s->gen, slot);
    switch (s->kind) {
    case CAIO_OP_READ:
    case CAIO_OP_WRITE:
        /* Inside the registered arena: the kernel uses its pinned pages
         * (buf_index 0) instead of pinning them again for this request.
         * Any other address (a user's direct buffer) stays a plain op; see
         * caio_uring_arena.c for why it is never registered. */
        if (l->fixed && uring_in_arena(e, s->addr, s->len))
            sqe->opcode = s->kind == CAIO_OP_READ ? IORING_OP_READ_FIXED : IORING_OP_WRITE_FIXED;
        else
            sqe->opcode = s->kind == CAIO_OP_READ ? IORING_OP_READ : IORING_OP_WRITE;
        sqe->buf_index = 0;
        sqe->addr = s->addr;
        sqe->len = s->len;
        sqe->off = (uint64_t)s->off;
        break;
    case CAIO_OP_FDSYNC:
        sqe->fsync_flags = IORING_FSYNC_DATASYNC;
        /* fall through */
    default:
        sqe->opcode = IORING_OP_FSYNC; /* off = len = 0: the whole file */
        break;
    }
    atomic_fetch_add(&e->ops_in_kernel, 1);
    publish_locked(l);
}

/* The lane's sq_lock held: the one the slot's request went into. */
static void queue_cancel_locked(caio_uring_t *e, uring_lane_t *l, int32_t slot)
{
    uring_slot_t *s = &e->slots[slot];
    s->cancel_sent = 1;
    struct io_uring_sqe *sqe = next_sqe_locked(e, l);
    sqe->opcode = IORING_OP_ASYNC_CANCEL;
    sqe->fd = -1;
    sqe->addr = ud_make(s->gen, slot); /* matches this submission only */
    sqe->user_data = UD_CANCEL | sqe->addr;
    atomic_fetch_add(&e->cancels_in_kernel, 1);
    publish_locked(l);
}

/* The JNI layer validates too; this keeps the engine safe on its own. */
static int op_is_valid(const caio_uring_t *e, const caio_op_t *op)
{
    return op->slot >= 0 && op->slot < e->max_requests && op->kind >= CAIO_OP_READ &&
           op->kind <= CAIO_OP_FDSYNC && op->offset >= 0 &&
           op->len <= (uint64_t)(INT64_MAX - op->offset) &&
           (op->addr != NULL || op->len == 0 || op->kind >= CAIO_OP_FSYNC);
}

/* quiet: the caller harvests right after, so the eventfd stays silent for
 * what completes inside this io_uring_enter (it would only wake a reaper
 * that finds nothing).  Cleared before sq_lock is left, so at most one
 * window per ring is open and every CQE posted after it signals again. */
static void flush_quiet_locked(caio_uring_t *e, uring_lane_t *l, bool quiet)
{
    if (quiet)
        __atomic_fetch_or(l->ring.cq_flags, IORING_CQ_EVENTFD_DISABLED, __ATOMIC_RELAXED);
    flush_locked(e, l);
    if (quiet) {
        __atomic_fetch_and(l->ring.cq_flags, ~IORING_CQ_EVENTFD_DISABLED, __ATOMIC_RELAXED);
        /* Order the clear before the caller's look at the CQ tail: a CQE the
         * kernel posted while the flag was set is then seen there. */
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
    }
}

/* A file's O_DIRECT answer serves this many more big batches on the same
 * fd number before it is asked again: an fcntl per batch is one more
 * system call, as dear as a copy where calls are costly, and a number
 * closed and reused for another kind of file is then wrong for at most
 * this many batches, in speed only. */
#define FD_KIND_TRUST 63u

/* Whether the first read or write of a batch targets a buffered file. */
static bool batch_is_buffered(caio_uring_t *e, const caio_op_t *ops, int count)
{
    int fd = -1;
    for (int i = 0; i < count && fd < 0; i++)
        if (ops[i].fd >= 0 && ops[i].kind <= CAIO_OP_WRITE)
            fd = ops[i].fd;
    if (fd < 0)
        return false;
    uint64_t v = atomic_load_explicit(&e->fd_kind, memory_order_relaxed);
    if ((int32_t)(v >> 32) == fd && (v & 0xffff) > 0) {
        atomic_store_explicit(&e->fd_kind, v - 1, memory_order_relaxed);
        return (v >> 16) & 1;
    }
    bool buffered = caio_fd_buffered(fd);
    atomic_store_explicit(&e->fd_kind, (uint64_t)(uint32_t)fd << 32 | (uint64_t)buffered << 16 | FD_KIND_TRUST,
                          memory_order_relaxed);
    return buffered;
}

/* The files of one batch and whether each refuses positional I/O; holds
 * the first SEEK_MEMO of them, later ones are asked again per op. */
#define SEEK_MEMO 8
typedef struct seek_memo {
    int n;
    int fd[SEEK_MEMO];
    bool espipe[SEEK_MEMO];
} seek_memo_t;

/* pread(2)/pwrite(2) fail with ESPIPE on a descriptor without positional
 * I/O (pipe, FIFO, socket, tty, eventfd...); io_uring ignores the offset
 * there instead: it writes into a pipe and parks a read of an empty one
 * until data comes or the ring closes.  A preadv of no buffers makes
 * exactly that check (FMODE_PREAD) and returns before the file system is
 * involved; lseek would pass eventfd, timerfd, epoll and inotify
 * descriptors, which pread refuses.  Asked once per file per batch: by
 * the next batch the number may name another file, so nothing is
 * remembered beyond it. */
static bool no_positional_io(seek_memo_t *m, int fd)
{
    for (int i = 0; i < m->n; i++)
        if (m->fd[i] == fd)
            return m->espipe[i];
    bool espipe = !atomic_load_explicit(&allow_streams, memory_order_relaxed) &&
                  preadv(fd, NULL, 0, 0) < 0 && errno == ESPIPE;
    if (m->n < SEEK_MEMO) {
        m->fd[m->n] = fd;
        m->espipe[m->n++] = espipe;
    }
    return espipe;
}

/* The errno the op fails with before it reaches the kernel, or 0. */
static uint8_t refusal(seek_memo_t *m, const caio_op_t *op)
{
    if (op->fd < 0)
        return EBADF; /* a closed FileDescriptor */
    return op->kind <= CAIO_OP_WRITE && !(op->flags & CAIO_OP_F_POSITIONAL) && no_positional_io(m, op->fd)
               ? ESPIPE : 0;
}

/* Claims every slot of the batch (under lane 0's sq_lock), so a busy or
 * repeated slot rejects the batch before the kernel sees any of it: only
 * reap frees a slot, and only submit claims one.  0, or -EBUSY with *bad
 * set and nothing claimed. */
static int claim_slots_locked(caio_uring_t *e, const caio_op_t *ops, int count, int *bad)
{
    for (int i = 0; i < count; i++) {
        uring_slot_t *s = &e->slots[ops[i].slot];
        if (atomic_load_explicit(&s->state, memory_order_acquire) != SLOT_FREE) {
            for (int j = 0; j < i; j++)
                atomic_store(&e->slots[ops[j].slot].state, SLOT_FREE);
            *bad = i;
            return -EBUSY;
        }
        atomic_store(&s->state, SLOT_KERNEL);
    }
    return 0;
}

/* Fills the claimed slots and sends each op its way (under lane 0's
 * sq_lock, and pend_lock when shared): refused ones are counted in *local,
 * shared ones go to the pending queue (their number is returned), the rest
 * into lane 0's ring. */
static int place_ops_locked(caio_uring_t *e, const caio_op_t *ops, int count, seek_memo_t *memo,
                            bool share, int *local)
{
    int shared = 0;
    for (int i = 0; i < count; i++) {
        const caio_op_t *op = &ops[i];
        uring_slot_t *s = &e->slots[op->slot];
        s->gen = (s->gen + 1) & UD_GEN_MASK;
        s->kind = (uint8_t)op->kind;
        s->fd = op->fd;
        s->off = op->offset;
        s->addr = (uint64_t)(uintptr_t)op->addr;
        s->len = op->len > MAX_RW ? MAX_RW : (uint32_t)op->len;
        s->cancel_sent = 0;
        s->retries = 0;
        s->lane = LANE_SUBMIT;
        s->refused = refusal(memo, op);
        if (s->refused != 0) {
            (*local)++;
        } else if (share) {
            atomic_store(&s->state, SLOT_PENDING);
            caio_fifo_push_tail(&e->pending, e->links, op->slot);
            shared++;
        } else {
            queue_op_locked(e, op->slot);
        }
    }
    return shared;
}

/* Completes the refused ops with their errno and wakes the completion
 * thread, which also rouses it to help with a shared batch. */
static void post_refused(caio_uring_t *e, const caio_op_t *ops, int count, int local)
{
    pthread_mutex_lock(&e->cq_lock);
    for (int i = 0; local > 0 && i < count; i++) {
        uring_slot_t *s = &e->slots[ops[i].slot];
        if (s->refused != 0) {
            uring_push_done_locked(e, ops[i].slot, -(int64_t)s->refused);
            s->refused = 0;
            local--;
        }
    }
    uring_wake_locked(e);
    pthread_mutex_unlock(&e->cq_lock);
}

/* Validates, claims and queues a batch; takes lane 0's sq_lock itself. */
static int submit_batch(caio_uring_t *e, const caio_op_t *ops, int count, int *bad, bool quiet)
{
    *bad = -1;
    if (count < 0 || (count > 0 && ops == NULL))
        return -EINVAL;
    for (int i = 0; i < count; i++) {
        if (!op_is_valid(e, &ops[i])) {
            *bad = i;
            return -EINVAL;
        }
    }
    /* A big batch is shared only when the kernel copies it inside
     * io_uring_enter (page-cache reads and writes).  O_DIRECT work just
     * goes to the device: a second ring adds nothing but a second thread's
     * enters and task work.  The batch's first file decides, before any
     * lock is taken. */
    bool share = e->lanes > 1 && count >= URING_HELP_MIN && batch_is_buffered(e, ops, count);
    /* The batch's files are asked before the lock too; placing the ops then
     * finds them in the memo. */
    seek_memo_t memo = {0};
    for (int i = 0; i < count && memo.n < SEEK_MEMO; i++)
        if (ops[i].fd >= 0 && ops[i].kind <= CAIO_OP_WRITE && !(ops[i].flags & CAIO_OP_F_POSITIONAL))
            (void)no_positional_io(&memo, ops[i].fd);
    uring_lane_t *l0 = &e->lane[LANE_SUBMIT];
    pthread_mutex_lock(&l0->sq_lock);
    if (e->stopping) {
        pthread_mutex_unlock(&l0->sq_lock);
        return -ESHUTDOWN;
    }
    if (claim_slots_locked(e, ops, count, bad) != 0) {
        pthread_mutex_unlock(&l0->sq_lock);
        return -EBUSY;
    }
    /* A big batch waits in the pending queue, from which this thread and
     * the completion thread each feed their own ring; see the header. */
    int local = 0;
    if (share)
        pthread_mutex_lock(&e->pend_lock);
    int shared = place_ops_locked(e, ops, count, &memo, share, &local);
    if (share)
        pthread_mutex_unlock(&e->pend_lock);
    else
        flush_quiet_locked(e, l0, quiet);
    if (local > 0 || shared > 0)
        post_refused(e, ops, count, local);
    pthread_mutex_unlock(&l0->sq_lock);
    if (shared > 0 && !atomic_load_explicit(&defer_to_helper, memory_order_relaxed)) {
        while (uring_issue_pending(e, LANE_SUBMIT, e->chunk, quiet) > 0) {
        }
    }
    return 0;
}

int uring_issue_pending(caio_uring_t *e, int lane, int chunk, int quiet)
{
    uring_lane_t *l = &e->lane[lane];
    int32_t taken[URING_CHUNK_MAX];
    if (chunk > URING_CHUNK_MAX)
        chunk = URING_CHUNK_MAX;
    pthread_mutex_lock(&l->sq_lock);
    pthread_mutex_lock(&e->pend_lock);
    int n = 0;
    /* Shutdown sets stopping under every sq_lock and then fails what is
     * pending: nothing may leave the queue for the kernel after that. */
    if (!e->stopping) {
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
    }
    pthread_mutex_unlock(&e->pend_lock);
    for (int i = 0; i < n; i++)
        queue_op_locked(e, taken[i]);
    if (n > 0)
        flush_quiet_locked(e, l, quiet && e->quiet_submit);
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

int caio_uring_cancel(caio_uring_t *e, int32_t slot)
{
    if (slot < 0 || slot >= e->max_requests)
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
        queue_cancel_locked(e, l, slot);
        flush_locked(e, l);
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
            queue_op_locked(e, slot);
        }
    }
    flush_locked(e, l0);
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
    for (int32_t i = 0; i < e->max_requests; i++) {
        uring_slot_t *s = &e->slots[i];
        if (!s->cancel_sent && atomic_load(&s->state) == SLOT_KERNEL && s->lane == lane)
            queue_cancel_locked(e, l, i);
    }
    flush_locked(e, l);
}

int caio_uring_submit(caio_uring_t *e, const caio_op_t *ops, int count, int *bad)
{
    return submit_batch(e, ops, count, bad, false);
}

int caio_uring_submit_collect(caio_uring_t *e, const caio_op_t *ops, int count, int *bad,
                              caio_completion_t *out, int max)
{
    if (max < 1)
        return submit_batch(e, ops, count, bad, false);
    atomic_fetch_add(&e->collecting, 1);
    int rc = submit_batch(e, ops, count, bad, e->quiet_submit);
    /* Every CQE there now (the quiet ones included) is harvested; what is
     * left over for want of room wakes a sleeping reaper (take does). */
    if (rc == 0)
        rc = caio_uring_poll(e, out, max);
    atomic_fetch_sub(&e->collecting, 1);
    return rc;
}
