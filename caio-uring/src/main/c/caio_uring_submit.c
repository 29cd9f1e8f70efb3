/*
 * caio_uring_submit.c - the submission side: validating and claiming a
 * batch under lane 0's sq_lock, then sending each op its way: straight into
 * lane 0's ring, into the pending queue when the batch is shared (see
 * caio_uring_internal.h), or to its completion when it is refused before
 * the kernel.
 */
#define _GNU_SOURCE
#include "caio_uring_internal.h"
#include "caio_batch.h"

#include <errno.h>
#include <stdbool.h>
#include <sys/uio.h>
#include <unistd.h>

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

/* Whether the first read or write of a batch targets a buffered file. */
static bool batch_is_buffered(caio_uring_t *e, const caio_op_t *ops, int count)
{
    for (int i = 0; i < count; i++)
        if (ops[i].fd >= 0 && ops[i].kind <= CAIO_OP_WRITE)
            return caio_fd_memo_buffered(&e->fd_memo, ops[i].fd);
    return false;
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
    int rc = caio_batch_claim((uint8_t *)&e->slots[0].state, sizeof(e->slots[0]), ops, count, SLOT_KERNEL, bad);
    /* Acquire, paired with reap's release of each slot: the reaper's last
     * look at a slot comes before our writes to it. */
    if (rc == 0)
        atomic_thread_fence(memory_order_acquire);
    return rc;
}

/* Whether the submitter writes op itself rather than through the ring.  A
 * buffered write only copies into the page cache, but io_uring can do that
 * inside io_uring_enter only where the file system takes non-blocking
 * buffered writes (FMODE_BUF_WASYNC; not ext4): elsewhere it hands every
 * such write to an io-wq thread, a wake-up and a completion hop per write.
 * pwrite on the submitting thread is the copy alone, and what Linux AIO
 * does inside io_submit; like there, a writer the kernel throttles for
 * writeback waits in the call. */
static bool write_here(caio_uring_t *e, const caio_op_t *op)
{
    return op->kind == CAIO_OP_WRITE && op->len > 0 && caio_fd_memo_buffered(&e->fd_memo, op->fd);
}

/* The most writes of one batch the submitter copies itself; the rest go
 * through the ring. */
#define HERE_MAX 64

/* Fills the claimed slots and sends each op its way (under lane 0's
 * sq_lock, and pend_lock when shared): refused ones are counted in *local,
 * writes the submitter copies itself are listed in here_slots (*here of
 * them, counted in ops_in_kernel until posted), shared ones go to the
 * pending queue (their number is returned), the rest into lane 0's ring. */
static int place_ops_locked(caio_uring_t *e, const caio_op_t *ops, int count, seek_memo_t *memo,
                            bool share, int *local, int32_t *here_slots, int *here)
{
    int shared = 0;
    for (int i = 0; i < count; i++) {
        const caio_op_t *op = &ops[i];
        uring_slot_t *s = &e->slots[op->slot];
        s->gen = (s->gen + 1) & UD_GEN_MASK;
        s->op = *op;
        s->cancel_sent = 0;
        s->retries = 0;
        s->lane = LANE_SUBMIT;
        s->refused = refusal(memo, op);
        if (s->refused != 0) {
            (*local)++;
        } else if (!share && *here < HERE_MAX && write_here(e, op)) {
            here_slots[(*here)++] = op->slot;
            atomic_fetch_add(&e->ops_in_kernel, 1); /* shutdown waits for it like for the kernel's */
        } else if (share) {
            atomic_store(&s->state, SLOT_PENDING);
            caio_fifo_push_tail(&e->pending, e->links, op->slot);
            shared++;
        } else {
            uring_queue_op_locked(e, op->slot);
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


/* Runs the writes place_ops_locked left to the submitter (no lock held)
 * and posts them; a collecting submitter takes them back itself, so the
 * completion thread is not woken for them.  They are named by the list,
 * never by a mark in the slot: the batch's other slots may complete and be
 * reused by other threads meanwhile.  Their own slots stay claimed until
 * posted: cancel finds no request in the kernel for them, and shutdown
 * waits for ops_in_kernel. */
static void run_here(caio_uring_t *e, const int32_t *slots, int n, bool collect)
{
    for (int i = 0; i < n; i++) {
        uring_slot_t *s = &e->slots[slots[i]];
        ssize_t r;
        do {
            r = pwrite(s->op.fd, s->op.addr, uring_len(s), (off_t)s->op.offset);
            /* A stream vouched for as positional: io_uring ignores the
             * offset there, and so do we. */
            if (r < 0 && errno == ESPIPE)
                r = write(s->op.fd, s->op.addr, uring_len(s));
        } while (r < 0 && errno == EINTR);
        s->result = r < 0 ? -(int64_t)errno : (int64_t)r;
    }
    pthread_mutex_lock(&e->cq_lock);
    for (int i = 0; i < n; i++) {
        uring_push_done_locked(e, slots[i], e->slots[slots[i]].result);
        atomic_fetch_sub(&e->ops_in_kernel, 1);
    }
    if (!collect)
        uring_wake_locked(e);
    pthread_mutex_unlock(&e->cq_lock);
}

/* What placing the batch needs to know, asked before any lock is taken:
 * whether the batch is shared, whether it is deferred, and (into memo)
 * which of its files refuse positional I/O. */
static bool prepare_batch(caio_uring_t *e, const caio_op_t *ops, int count, seek_memo_t *memo, bool *defer)
{
    /* A big batch is shared only when the kernel copies it inside
     * io_uring_enter (page-cache reads and writes).  O_DIRECT work just
     * goes to the device: a second ring adds nothing but a second thread's
     * enters and task work.  The batch's first file decides. */
    bool buffered = batch_is_buffered(e, ops, count);
    bool share = e->lanes > 1 && caio_share_batch(e->share, count) && buffered;
    /* Device work goes whole to the completion thread's ring when its
     * submitter waits in user space, or while other requests are in flight.
     * The kernel finishes an io_uring request on the task that submitted it
     * (task work): a submitter asleep elsewhere (a carrier thread in its
     * scheduler, a thread parked on a future) is woken for each of its
     * completions before the completion thread is.  The completion thread,
     * reaping the requests already in flight, takes them at no extra
     * wake-up, and its one io_uring_enter carries every op deferred
     * meanwhile.  A lone request stays in lane 0, where a platform thread
     * that joins it waits in the ring itself (caio_uring_await.c).  A
     * page-cache copy stays on the submitter, which would otherwise wait for
     * a hop. */
    bool busy = atomic_load_explicit(&e->ops_in_kernel, memory_order_relaxed) > 0 || uring_has_pending(e);
    *defer = e->lanes > 1 && count > 0 && !buffered && ((ops[0].flags & CAIO_OP_F_DETACHED) || busy);
    share = share || *defer;
    for (int i = 0; i < count && memo->n < SEEK_MEMO; i++)
        if (ops[i].fd >= 0 && ops[i].kind <= CAIO_OP_WRITE && !(ops[i].flags & CAIO_OP_F_POSITIONAL))
            (void)no_positional_io(memo, ops[i].fd);
    return share;
}

/* Validates, claims and queues a batch; takes lane 0's sq_lock itself. */
static int submit_batch(caio_uring_t *e, const caio_op_t *ops, int count, int *bad, bool quiet, bool collect)
{
    int rc = caio_batch_check(ops, count, e->head.max_requests, bad);
    if (rc != 0)
        return rc;
    seek_memo_t memo = {0};
    bool defer;
    bool share = prepare_batch(e, ops, count, &memo, &defer);
    uring_lane_t *l0 = &e->lane[LANE_SUBMIT];
    pthread_mutex_lock(&l0->sq_lock);
    rc = e->stopping ? -ESHUTDOWN : claim_slots_locked(e, ops, count, bad);
    if (rc != 0) {
        pthread_mutex_unlock(&l0->sq_lock);
        return rc;
    }
    /* A shared batch waits in the pending queue, from which this thread and
     * the completion thread each feed their own ring; see the header. */
    int local = 0, here = 0;
    int32_t here_slots[HERE_MAX];
    if (share)
        pthread_mutex_lock(&e->pend_lock);
    int shared = place_ops_locked(e, ops, count, &memo, share, &local, here_slots, &here);
    if (share) {
        if (shared > 0)
            e->pend_chunk = defer ? CAIO_SHARE_CHUNK_MAX : uring_chunk_for(e, shared);
        pthread_mutex_unlock(&e->pend_lock);
    } else {
        uring_flush_quiet_locked(e, l0, quiet);
    }
    if (local > 0 || shared > 0)
        post_refused(e, ops, count, local);
    pthread_mutex_unlock(&l0->sq_lock);
    if (here > 0)
        run_here(e, here_slots, here, collect);
    if (shared > 0 && !defer && !atomic_load_explicit(&defer_to_helper, memory_order_relaxed)) {
        while (uring_issue_pending(e, LANE_SUBMIT, quiet) > 0) {
        }
    }
    return 0;
}

int caio_uring_submit(caio_uring_t *e, const caio_op_t *ops, int count, int *bad)
{
    return submit_batch(e, ops, count, bad, false, false);
}

int caio_uring_submit_collect(caio_uring_t *e, const caio_op_t *ops, int count, int *bad,
                              caio_completion_t *out, int max)
{
    if (max < 1)
        return submit_batch(e, ops, count, bad, false, false);
    atomic_fetch_add(&e->collecting, 1);
    int rc = submit_batch(e, ops, count, bad, e->quiet_submit, true);
    /* Every CQE there now (the quiet ones included) is harvested; what is
     * left over for want of room wakes a sleeping reaper (take does). */
    if (rc == 0)
        rc = caio_uring_poll(e, out, max);
    atomic_fetch_sub(&e->collecting, 1);
    return rc;
}

/* An op's SQE: the one place a caio op becomes io_uring's request. */
void uring_queue_op_locked(caio_uring_t *e, int32_t slot)
{
    uring_slot_t *s = &e->slots[slot];
    uring_lane_t *l = &e->lane[s->lane];
    struct io_uring_sqe *sqe = uring_next_sqe_locked(e, l);
    sqe->fd = s->op.fd;
    sqe->user_data = ud_make(s->gen, slot);
    switch (s->op.kind) {
    case CAIO_OP_READ:
    case CAIO_OP_WRITE:
        /* Inside the registered arena: the kernel uses its pinned pages
         * (buf_index 0) instead of pinning them again for this request.
         * Any other address (a user's direct buffer) stays a plain op; see
         * caio_uring_arena.c for why it is never registered. */
        if (l->fixed && uring_in_arena(e, (uint64_t)(uintptr_t)s->op.addr, uring_len(s)))
            sqe->opcode = s->op.kind == CAIO_OP_READ ? IORING_OP_READ_FIXED : IORING_OP_WRITE_FIXED;
        else
            sqe->opcode = s->op.kind == CAIO_OP_READ ? IORING_OP_READ : IORING_OP_WRITE;
        sqe->buf_index = 0;
        sqe->addr = (uint64_t)(uintptr_t)s->op.addr;
        sqe->len = uring_len(s);
        sqe->off = (uint64_t)s->op.offset;
        break;
    case CAIO_OP_FDSYNC:
        sqe->fsync_flags = IORING_FSYNC_DATASYNC;
        /* fall through */
    default:
        sqe->opcode = IORING_OP_FSYNC; /* off = len = 0: the whole file */
        break;
    }
    atomic_fetch_add(&e->ops_in_kernel, 1);
    atomic_store_explicit(&s->in_ring, 1, memory_order_release);
    uring_publish_locked(l);
}
