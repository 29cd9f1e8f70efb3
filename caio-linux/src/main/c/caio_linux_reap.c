/*
 * caio_linux_reap.c - the completion side of the Linux AIO engine: kernel
 * events, the done queue, reap, the fsync fallback thread and the
 * shutdown drain.
 *
 * Every completion, from the kernel or posted internally, goes through one
 * done queue that is drained by reap.  The eventfd wakes the reaper: the
 * kernel bumps it per event (IOCB_FLAG_RESFD) and internal posts bump it
 * too.  Its counter coalesces, so a wakeup means "look", and each look
 * drains the kernel's events completely into the queue - leaving some in
 * the kernel after resetting the counter would strand them (the
 * "completions stranded past 512 per wakeup" bug upstream).
 */
#define _GNU_SOURCE
#include "caio_spin.h"
#include "caio_share.h"
#include "caio_direct.h"
#include "caio_linux_aio_int.h"

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <signal.h>
#include <unistd.h>

/* io_getevents in chunks of this many events (stack buffer). */
#define EVENT_BATCH 64
/* With requests parked after EAGAIN and nothing in flight to wake us, the
 * reaper retries io_submit this often. */
#define RETRY_MS 5
/* How long shutdown waits per io_getevents round before re-checking. */
#define DRAIN_WAIT_NS (20 * 1000 * 1000)
/* The helper only calls fsync: 8 MiB default stacks would be waste. */
#define HELPER_STACK (256 * 1024)

/* Slots stay DONE until reaped, so the done queue can never overflow;
 * should that invariant break, keeping the slot busy beats overwriting a
 * completion (caio_done_push refuses). */
void post_completion(caio_laio_t *e, int32_t s, int64_t result)
{
    request_t *r = &e->reqs[s];
    r->result = result;
    r->state = DONE;
    (void)caio_done_push(&e->done, s);
}

void wake_reaper(caio_laio_t *e)
{
    uint64_t one = 1;
    /* Cannot fail short of a 2^64 counter; the reaper also re-checks. */
    if (write(e->efd, &one, sizeof(one)) < 0) {
    }
}

static void *helper_main(void *arg)
{
    caio_laio_t *e = arg;
    pthread_setname_np(pthread_self(), "caio-aio-sync");
    pthread_mutex_lock(&e->lock);
    for (;;) {
        while (e->fallback.head == NIL && !e->helper_stop)
            pthread_cond_wait(&e->helper_cond, &e->lock);
        if (e->fallback.head == NIL)
            break; /* stopping, and shutdown cancelled what was queued */
        int32_t s = e->fallback.head;
        request_t *r = &e->reqs[s];
        caio_fifo_unlink(&e->fallback, e->links, s);
        r->state = FB_RUNNING;
        int fd = r->fd, kind = r->kind;
        e->helper_busy = 1;
        pthread_mutex_unlock(&e->lock);

        int rc = kind == CAIO_OP_FSYNC ? fsync(fd) : fdatasync(fd);
        int64_t res = rc == 0 ? 0 : -(int64_t)errno;

        pthread_mutex_lock(&e->lock);
        e->helper_busy = 0;
        post_completion(e, s, res);
        wake_reaper(e);
    }
    pthread_mutex_unlock(&e->lock);
    return NULL;
}

/* Started on first need: most engines never see a refused sync. */
static int ensure_helper(caio_laio_t *e)
{
    if (e->helper_started)
        return 0;
    pthread_attr_t attr;
    pthread_attr_t *attrp = NULL;
    if (pthread_attr_init(&attr) == 0) {
        attrp = &attr;
        (void)pthread_attr_setstacksize(&attr, HELPER_STACK);
    }
    /* The helper inherits the creator's mask: blocking everything around
     * pthread_create keeps JVM signals off it from its first instruction. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int rc = pthread_create(&e->helper, attrp, helper_main, e);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (attrp != NULL)
        pthread_attr_destroy(attrp);
    if (rc == 0)
        e->helper_started = 1;
    return rc;
}

/* AIO refuses a read of a file without read_iter - a directory - with
 * EINVAL, where pread(2) has its own answer (EISDIR): that of a pread of
 * 0 bytes, or 0 where it has none besides EINVAL. */
static int read_errno(const request_t *r)
{
    char none;
    return pread(r->fd, &none, 0, r->offset) < 0 && errno != EINVAL ? errno : 0;
}

void finish_kernel_request(caio_laio_t *e, int32_t s, int64_t res)
{
    request_t *r = &e->reqs[s];
    if (res == -EINVAL && r->kind >= CAIO_OP_FSYNC) {
        /* The kernel cannot do this sync through AIO (a pipe, a special
         * file, a filesystem without it): fsync(2) gives the real answer,
         * but never on the submitting thread. */
        int rc = e->helper_stop ? ECANCELED : ensure_helper(e);
        if (rc == 0) {
            r->state = FB_QUEUED;
            caio_fifo_push_tail(&e->fallback, e->links, s);
            pthread_cond_signal(&e->helper_cond);
            return;
        }
        res = -rc;
    } else if (res == -EINVAL && r->kind <= CAIO_OP_WRITE) {
        int err = r->kind == CAIO_OP_READ ? read_errno(r) : 0;
        if (err != 0)
            res = -err;
        else if (caio_dio_misaligned(r->fd, r->offset, r->addr, r->len))
            res = -CAIO_E_MISALIGNED;
    }
    post_completion(e, s, res);
}

/* One kernel event; anything that does not match a request the kernel owns
 * is ignored rather than trusted. */
static void take_event(caio_laio_t *e, const struct io_event *ev)
{
    uint64_t s = ev->data;
    if (s >= (uint64_t)e->head.max_requests)
        return;
    request_t *r = &e->reqs[s];
    if (r->state != KERNEL || ev->obj != (uint64_t)(uintptr_t)&r->cb)
        return;
    e->in_kernel--;
    finish_kernel_request(e, (int32_t)s, ev->res);
}

static bool kernel_ring_empty(const caio_laio_t *e);

/* Moves up to limit events the kernel has into the done queue, without
 * blocking; no syscall when the kernel's ring shows none.  Returns how many
 * it moved. */
static int drain_kernel(caio_laio_t *e, int limit)
{
    int moved = 0;
    while (moved < limit && e->in_kernel > 0 && !kernel_ring_empty(e)) {
        struct io_event ev[EVENT_BATCH];
        struct timespec zero = {0, 0};
        long want = limit - moved < EVENT_BATCH ? limit - moved : EVENT_BATCH;
        long n = caio_laio_getevents(e->ctx, 0, want, ev, &zero);
        if (n < 0 && errno == EINTR)
            continue;
        for (long i = 0; i < n; i++)
            take_event(e, &ev[i]);
        moved += n > 0 ? (int)n : 0;
        if (n < want)
            break;
    }
    return moved;
}

/* While a submitter is inside submit_collect, the events in the kernel's
 * ring are mostly its own page-cache hits, which it collects right after
 * io_submit: the completion thread then takes only as many as it submitted
 * itself, so that each delivers its own share instead of the completion
 * thread delivering the whole batch while the submitter waits for it. */
static bool submitter_collects(const caio_laio_t *e)
{
    return atomic_load_explicit(&e->collecting, memory_order_relaxed) > 0;
}

/* The kernel's completion ring is mapped at the context id (the layout of
 * fs/aio.c's struct aio_ring, stable since 2.6): its head and tail can be
 * read without a syscall, which is what makes polling cheap. */
struct kernel_aio_ring {
    unsigned id, nr, head, tail, magic;
};
#define KERNEL_AIO_RING_MAGIC 0xa10a10a1u

static bool ring_layout_known(const caio_laio_t *e)
{
    const struct kernel_aio_ring *r = (const struct kernel_aio_ring *)(uintptr_t)e->ctx;
    return __atomic_load_n(&r->magic, __ATOMIC_RELAXED) == KERNEL_AIO_RING_MAGIC;
}

/* Only when the layout is known: otherwise "maybe not", and io_getevents
 * is asked. */
static bool kernel_ring_empty(const caio_laio_t *e)
{
    const struct kernel_aio_ring *r = (const struct kernel_aio_ring *)(uintptr_t)e->ctx;
    return ring_layout_known(e) &&
           __atomic_load_n(&r->head, __ATOMIC_RELAXED) == __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE);
}

#define QUIET_POLL_MS 20

/* Racy looks for caio_spin_for; reap rechecks under the lock. */
static bool completions_visible(const void *engine)
{
    const caio_laio_t *e = engine;
    return (!submitter_collects(e) && !kernel_ring_empty(e)) || caio_done_waiting(&e->done);
}

static bool share_waiting(const caio_laio_t *e)
{
    return __atomic_load_n(&e->pending.count, __ATOMIC_RELAXED) > 0 &&
           !__atomic_load_n(&e->stopping, __ATOMIC_RELAXED);
}

/* Completions, or a batch to take a share of. */
static bool reaper_has_news(const void *engine)
{
    return completions_visible(engine) || share_waiting(engine);
}

/* Completions just made room in the kernel ring: refill it.  The
 * completion thread takes small chunks, its share of a big batch (see
 * chunk), so that it delivers them soon.  True if something left the
 * pending FIFO (*own counts it, *stalled says whether nothing did).  Lock
 * held on entry and exit. */
static bool refill_locked(caio_laio_t *e, bool block, int *own, bool *stalled)
{
    if (e->pending.count == 0 || e->stopping)
        return false;
    int limit = block ? e->chunk : INT32_MAX;
    pthread_mutex_unlock(&e->lock);
    int progress = flush_pending(e, limit);
    pthread_mutex_lock(&e->lock);
    *own += progress;
    *stalled = progress == 0;
    return progress > 0;
}

/* Hands up to max completions of the done queue to out and frees their
 * slots; drops the lock.  Returns how many. */
static int deliver_locked(caio_laio_t *e, caio_completion_t *out, int max)
{
    int n = 0;
    for (; n < max && e->done.count > 0; n++) {
        int32_t s = caio_done_pop(&e->done);
        out[n] = (caio_completion_t){.slot = s, .result = e->reqs[s].result};
        e->reqs[s].state = FREE; /* only now may Java reuse the slot */
    }
    int more = e->done.count > 0;
    pthread_mutex_unlock(&e->lock);
    if (more) /* another reaper may be asleep on what is left */
        wake_reaper(e);
    return n;
}

/* Waits, spinning first, for a reason to look again: completions, a batch
 * to take a share of, termination or a timeout.  Lock held on entry and
 * exit, dropped while waiting. */
static void await_news_locked(caio_laio_t *e, bool stalled)
{
    /* Bounded even when idle: a buffered request that the kernel ended
     * up completing asynchronously after all (some file systems can)
     * would not signal the eventfd (see build_iocb). */
    int timeout = e->pending.count > 0 && !e->stopping ? RETRY_MS : QUIET_POLL_MS;
    pthread_mutex_unlock(&e->lock);
    /* Poll the shared ring a moment before sleeping: a sleeping reaper
     * makes every completion pay for its wake-up, and comes too late
     * to take a share of the next batch (as long as the thread pool's
     * reaper, for the same reason). */
    if (ring_layout_known(e) &&
        caio_spin_for(stalled ? completions_visible : reaper_has_news, e, CAIO_SPIN_LONG_NS)) {
        pthread_mutex_lock(&e->lock);
        return;
    }
    /* Reset the counter, then look once more: an event arriving after
     * the look bumps it again and the poll below sees it.  Once
     * terminated it stays set, which releases every reaper. */
    pthread_mutex_lock(&e->lock);
    if (!e->terminated) {
        uint64_t count;
        if (read(e->efd, &count, sizeof(count)) < 0) {
            /* EAGAIN: nothing signalled, still worth a look */
        }
        drain_kernel(e, submitter_collects(e) ? 0 : INT32_MAX);
    }
    if (e->done.count > 0 || e->terminated || (!stalled && share_waiting(e)))
        return;
    pthread_mutex_unlock(&e->lock);
    struct pollfd p = {.fd = e->efd, .events = POLLIN};
    (void)poll(&p, 1, timeout); /* EINTR or timeout: just look again */
    pthread_mutex_lock(&e->lock);
}

static int take(caio_laio_t *e, caio_completion_t *out, int max, bool block)
{
    if (max < 1 || out == NULL)
        return 0;
    /* The kernel refused the pending requests (EAGAIN): they are no reason
     * to stay awake until something completes. */
    bool stalled = false;
    int own = 0; /* submitted by this call, not yet drained */
    pthread_mutex_lock(&e->lock);
    for (;;) {
        if (!e->terminated) { /* the eventfd is reset only before sleeping */
            int limit = block && submitter_collects(e) ? own : INT32_MAX;
            int moved = drain_kernel(e, limit);
            own = moved < own ? own - moved : 0;
        }
        if (refill_locked(e, block, &own, &stalled))
            continue;
        if (e->done.count > 0)
            return deliver_locked(e, out, max);
        if (e->terminated || !block) {
            pthread_mutex_unlock(&e->lock);
            return e->terminated && block ? -1 : 0;
        }
        await_news_locked(e, stalled);
    }
}

int caio_laio_reap(caio_laio_t *e, caio_completion_t *out, int max)
{
    return take(e, out, max, true);
}

int caio_laio_poll(caio_laio_t *e, caio_completion_t *out, int max)
{
    return take(e, out, max, false);
}

void drain_for_shutdown(caio_laio_t *e)
{
    while (e->in_kernel > 0) {
        pthread_mutex_unlock(&e->lock);
        struct io_event ev[EVENT_BATCH];
        struct timespec ts = {0, DRAIN_WAIT_NS};
        long n = caio_laio_getevents(e->ctx, 1, EVENT_BATCH, ev, &ts);
        if (n < 0 && errno != EINTR) { /* cannot happen on a live context */
            struct timespec pause = {0, 1000 * 1000};
            nanosleep(&pause, NULL);
        }
        pthread_mutex_lock(&e->lock);
        for (long i = 0; i < n; i++)
            take_event(e, &ev[i]);
        if (n > 0)
            wake_reaper(e);
    }
    /* Refused syncs not yet started are cancelled like any queued work;
     * the one running finishes before the join returns. */
    while (e->fallback.head != NIL) {
        int32_t s = e->fallback.head;
        caio_fifo_unlink(&e->fallback, e->links, s);
        post_completion(e, s, -ECANCELED);
    }
    e->helper_stop = 1;
    pthread_cond_broadcast(&e->helper_cond);
    if (e->helper_started) {
        pthread_mutex_unlock(&e->lock);
        pthread_join(e->helper, NULL);
        pthread_mutex_lock(&e->lock);
    }
}
