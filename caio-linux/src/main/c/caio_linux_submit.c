/*
 * caio_linux_submit.c - the submission side of the Linux AIO engine:
 * validating and queueing a batch, then flushing the pending FIFO into the
 * kernel with as few io_submit calls as possible.
 *
 * Submission goes through the pending FIFO even when the kernel has room:
 * one path keeps the order of requests and makes EAGAIN a non-event (the
 * rest simply stays queued for the reaper to retry).  io_submit runs
 * unlocked, because on buffered files it does the copy inline and can take
 * a while.
 */
#define _GNU_SOURCE
#include "caio_fd.h"
#include "caio_linux_aio_int.h"
#include "caio_alloc.h"
#include "caio_batch.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

/* Batches up to this size need no heap allocation to be submitted. */
#define STACK_IOCBS 64

static void build_iocb(caio_laio_t *e, int32_t s)
{
    static const uint16_t opcode[] = {IOCB_CMD_PREAD, IOCB_CMD_PWRITE, IOCB_CMD_FSYNC,
                                      IOCB_CMD_FDSYNC};
    request_t *r = &e->reqs[s];
    memset(&r->cb, 0, sizeof(r->cb)); /* aio_key 0 is what io_cancel expects */
    r->cb.aio_data = (uint64_t)s;
    r->cb.aio_lio_opcode = opcode[r->kind];
    r->cb.aio_fildes = (uint32_t)r->fd;
    /* The kernel refuses a sync whose buf/offset/nbytes are not zero. */
    if (r->kind <= CAIO_OP_WRITE) {
        r->cb.aio_buf = (uint64_t)(uintptr_t)r->addr;
        r->cb.aio_nbytes = r->len;
        r->cb.aio_offset = r->offset;
    }
    /* A read or write of a buffered file completes inside io_submit, on the
     * submitting thread, which looks at the completion ring right after:
     * signalling the eventfd would only wake a reaper that finds nothing.
     * Whoever submits such a request without looking pokes the reaper
     * instead (caio_laio_submit_ops).  O_DIRECT I/O and syncs (which the
     * kernel runs on a workqueue) complete later and signal. */
    if (!r->quiet) {
        r->cb.aio_flags = IOCB_FLAG_RESFD;
        r->cb.aio_resfd = (uint32_t)e->efd;
    }
}

/* Fills in the claimed slots of the batch and queues them on the pending
 * FIFO, except ops on a closed descriptor, which complete at once (counted
 * in *posted).  Returns how many are quiet (see build_iocb). */
static int place_ops_locked(caio_laio_t *e, const caio_op_t *ops, int count, int *posted)
{
    int quiet = 0;
    /* A batch usually targets one file: one fcntl.  Asked for every batch,
     * not memoised (caio_fd_memo): a stale O_DIRECT answer would make a
     * request quiet that completes later, and its wake-up would be lost. */
    int last_fd = -1, last_buffered = 0;
    for (int i = 0; i < count; i++) {
        const caio_op_t *op = &ops[i];
        request_t *r = &e->reqs[op->slot];
        if (op->fd < 0) { /* a closed FileDescriptor: no syscall at all */
            post_completion(e, op->slot, -EBADF);
            (*posted)++;
            continue;
        }
        r->offset = op->offset;
        r->addr = op->addr;
        r->len = op->len;
        r->fd = op->fd;
        r->kind = (uint8_t)op->kind;
        r->positional = (uint8_t)((op->flags & CAIO_OP_F_POSITIONAL) != 0);
        if (op->kind <= CAIO_OP_WRITE && op->fd != last_fd) {
            last_fd = op->fd;
            last_buffered = caio_fd_buffered(op->fd);
        }
        r->quiet = (uint8_t)(op->kind <= CAIO_OP_WRITE && last_buffered);
        quiet += r->quiet;
        build_iocb(e, op->slot);
        caio_fifo_push_tail(&e->pending, e->links, op->slot);
    }
    return quiet;
}

/* Whether a single-call write is a plain copy into the page cache, which
 * the submitter makes with one pwrite: through AIO the same copy also costs
 * the fcntl that decides whether the eventfd may stay silent, and the
 * iocb's trip through the kernel's ring.  A stale memo only sends one
 * O_DIRECT write through pwrite, which waits for the device but is right. */
static bool write_here(caio_laio_t *e, const caio_op_t *op)
{
    return op->kind == CAIO_OP_WRITE && op->len > 0 && op->fd >= 0 && caio_fd_memo_buffered(&e->fd_memo, op->fd);
}

/* Claims the slot as HERE, writes, posts; wakes the reaper unless the
 * caller collects.  0 or a submit error. */
static int run_write_here(caio_laio_t *e, const caio_op_t *op, int *bad, bool collect)
{
    pthread_mutex_lock(&e->lock);
    int rc = e->stopping ? -ESHUTDOWN : caio_batch_claim(&e->reqs[0].state, sizeof(e->reqs[0]), op, 1, HERE, bad);
    if (rc == 0)
        e->in_kernel++; /* shutdown waits for it like for the kernel's */
    pthread_mutex_unlock(&e->lock);
    if (rc != 0)
        return rc;
    ssize_t n;
    do {
        n = pwrite(op->fd, op->addr, op->len, (off_t)op->offset);
        /* A stream vouched for as positional: AIO ignores the offset there,
         * and so do we. */
        if (n < 0 && errno == ESPIPE && (op->flags & CAIO_OP_F_POSITIONAL))
            n = write(op->fd, op->addr, op->len);
    } while (n < 0 && errno == EINTR);
    int64_t result = n < 0 ? -(int64_t)errno : (int64_t)n;
    pthread_mutex_lock(&e->lock);
    post_completion(e, op->slot, result);
    e->in_kernel--;
    pthread_mutex_unlock(&e->lock);
    if (!collect)
        wake_reaper(e);
    return 0;
}

/* Returns 0 or a submit error; *quiet counts the requests queued without an
 * eventfd, whose completions the caller must look for or announce. */
static int submit(caio_laio_t *e, const caio_op_t *ops, int count, int *bad, int *quiet, bool collect)
{
    *quiet = 0;
    int rc = caio_batch_check(ops, count, e->head.max_requests, bad);
    if (rc != 0)
        return rc;
    if (count == 1 && write_here(e, &ops[0]))
        return run_write_here(e, &ops[0], bad, collect);
    pthread_mutex_lock(&e->lock);
    if (e->stopping) {
        pthread_mutex_unlock(&e->lock);
        return -ESHUTDOWN;
    }
    /* Claim every slot first so a busy or repeated slot rejects the whole
     * batch before any of it is visible. */
    rc = caio_batch_claim(&e->reqs[0].state, sizeof(e->reqs[0]), ops, count, PENDING, bad);
    if (rc != 0) {
        pthread_mutex_unlock(&e->lock);
        return rc;
    }
    int posted = 0;
    *quiet = place_ops_locked(e, ops, count, &posted);
    /* Only what io_submit copies inline is worth a second core: O_DIRECT
     * and syncs just go to the device, in one call. */
    bool share = caio_share_batch(e->share, *quiet);
    int chunk = share ? caio_share_chunk(e->share, *quiet) : INT32_MAX;
    if (share)
        e->chunk = chunk;
    e->shared += share;
    pthread_mutex_unlock(&e->lock);
    if (share) {
        wake_reaper(e); /* to take its share (see chunk) */
        while (flush_pending(e, chunk) > 0) {
        }
        return 0;
    }
    if (posted > 0)
        wake_reaper(e);
    flush_pending(e, INT32_MAX);
    return 0;
}

int caio_laio_submit_ops(caio_laio_t *e, const caio_op_t *ops, int count, int *bad)
{
    int quiet;
    int rc = submit(e, ops, count, bad, &quiet, false);
    if (rc == 0 && quiet > 0)
        wake_reaper(e); /* nobody here looks at their completions */
    return rc;
}

int caio_laio_submit_collect(caio_laio_t *e, const caio_op_t *ops, int count, int *bad,
                             caio_completion_t *out, int max)
{
    int quiet;
    if (max < 1) {
        int rc = submit(e, ops, count, bad, &quiet, false);
        if (rc == 0 && quiet > 0)
            wake_reaper(e);
        return rc;
    }
    atomic_fetch_add(&e->collecting, 1);
    int rc = submit(e, ops, count, bad, &quiet, true);
    /* Takes everything the kernel finished; what does not fit in out wakes
     * a reaper (caio_laio_poll does). */
    if (rc == 0)
        rc = caio_laio_poll(e, out, max);
    atomic_fetch_sub(&e->collecting, 1);
    return rc;
}

/* pread(2)/pwrite(2) semantics for pipes, sockets, ttys and eventfds:
 * ESPIPE.  The kernel's AIO would accept them, ignore the offset and block
 * inside io_submit (on the caller's thread) until data arrives - an
 * uncancellable hang.  A preadv of no buffers makes exactly pread's check
 * and returns before the file system is involved; lseek would pass
 * eventfd, timerfd, epoll and inotify descriptors, which pread refuses. */
static bool is_unseekable(const request_t *r)
{
    return r->kind <= CAIO_OP_WRITE && !r->positional && preadv(r->fd, NULL, 0, 0) < 0 && errno == ESPIPE;
}

/* Gives requests that io_submit did not take (EAGAIN) back to the FIFO
 * head, in order; during shutdown they are cancelled instead. */
static int requeue(caio_laio_t *e, struct iocb **cbs, int from, int to)
{
    int cancelled = 0;
    pthread_mutex_lock(&e->lock);
    e->in_kernel -= to - from;
    for (int i = to - 1; i >= from; i--) {
        int32_t s = (int32_t)cbs[i]->aio_data;
        if (e->stopping) {
            post_completion(e, s, -ECANCELED);
            cancelled++;
        } else {
            e->reqs[s].state = PENDING;
            caio_fifo_push_head(&e->pending, e->links, s);
            e->requeued++;
        }
    }
    pthread_mutex_unlock(&e->lock);
    /* Always: with nothing else in flight no event would come, and only
     * the reaper retries parked requests. */
    wake_reaper(e);
    return cancelled;
}

/* Moves up to n pending requests into cbs, marked KERNEL and counted in
 * in_kernel; with the refuse_sync test seam on, syncs finish here as if
 * io_submit had said EINVAL (counted in *progress).  Returns how many. */
static int take_pending_locked(caio_laio_t *e, struct iocb **cbs, int n, int *progress)
{
    int taken = 0;
    int refuse_sync = atomic_load(&e->refuse_sync);
    for (int i = 0; i < n; i++) {
        int32_t s = e->pending.head;
        caio_fifo_unlink(&e->pending, e->links, s);
        if (refuse_sync && e->reqs[s].kind >= CAIO_OP_FSYNC) {
            finish_kernel_request(e, s, -EINVAL); /* as if io_submit said EINVAL */
            (*progress)++;
            continue;
        }
        e->reqs[s].state = KERNEL;
        cbs[taken++] = &e->reqs[s].cb;
    }
    e->in_kernel += taken;
    return taken;
}

/* Completes with ESPIPE the taken reads and writes of descriptors without
 * positional I/O, keeping the rest in order.  Returns how many are kept. */
static int drop_unseekable(caio_laio_t *e, struct iocb **cbs, int taken, int *progress)
{
    int kept = 0;
    int last_fd = -1;
    bool last_unseekable = false; /* a chunk usually targets one file: one check */
    for (int i = 0; i < taken; i++) {
        int32_t s = (int32_t)cbs[i]->aio_data;
        const request_t *r = &e->reqs[s];
        bool unseekable = false;
        if (r->kind <= CAIO_OP_WRITE) {
            if (r->fd != last_fd) {
                last_fd = r->fd;
                last_unseekable = is_unseekable(r);
            }
            unseekable = last_unseekable;
        }
        if (!unseekable) {
            cbs[kept++] = cbs[i];
            continue;
        }
        pthread_mutex_lock(&e->lock);
        e->in_kernel--;
        post_completion(e, s, -ESPIPE);
        pthread_mutex_unlock(&e->lock);
        wake_reaper(e);
        (*progress)++;
    }
    return kept;
}

/* One io_submit for the batch (at most `accept`, the test cap); it returns
 * how many it took, and the errno of iocb k only shows when the call starts
 * at k, which then fails alone.  Stops at EAGAIN.  Returns how many left
 * cbs, submitted or failed. */
static int submit_taken(caio_laio_t *e, struct iocb **cbs, int taken, int accept)
{
    int done = 0;
    while (done < taken) {
        long want = taken - done, rc;
        if (done >= accept) {
            rc = -1;
            errno = EAGAIN;
        } else {
            if (want > accept - done)
                want = accept - done;
            rc = caio_laio_submit(e->ctx, want, cbs + done);
        }
        if (rc > 0) {
            done += (int)rc;
            continue;
        }
        int err = rc == 0 ? EAGAIN : errno;
        if (err == EINTR)
            continue;
        if (err == EAGAIN)
            break;
        int32_t s = (int32_t)cbs[done]->aio_data;
        pthread_mutex_lock(&e->lock);
        e->in_kernel--;
        finish_kernel_request(e, s, -err);
        pthread_mutex_unlock(&e->lock);
        wake_reaper(e);
        done++;
    }
    return done;
}

int flush_pending(caio_laio_t *e, int limit)
{
    struct iocb *stack[STACK_IOCBS];
    struct iocb **cbs = stack;
    int progress = 0;

    pthread_mutex_lock(&e->lock);
    int n = e->stopping ? 0 : e->pending.count;
    if (n > limit)
        n = limit;
    if (n <= 0) {
        pthread_mutex_unlock(&e->lock);
        return 0;
    }
    if (n > STACK_IOCBS) {
        struct iocb **heap = caio_malloc((size_t)n * sizeof(*heap));
        if (heap != NULL)
            cbs = heap;
        else
            n = STACK_IOCBS; /* the rest waits for the next flush */
    }
    /* The test cap simulates a kernel ring that takes only what is left. */
    int accept = INT32_MAX;
    if (e->kernel_cap > 0)
        accept = e->kernel_cap > e->in_kernel ? e->kernel_cap - e->in_kernel : 0;
    int taken = take_pending_locked(e, cbs, n, &progress);
    pthread_mutex_unlock(&e->lock);
    if (progress > 0)
        wake_reaper(e);
    taken = drop_unseekable(e, cbs, taken, &progress);
    int done = submit_taken(e, cbs, taken, accept);
    progress += done;
    if (done < taken)
        progress += requeue(e, cbs, done, taken);
    if (cbs != stack)
        caio_free(cbs);
    return progress;
}
