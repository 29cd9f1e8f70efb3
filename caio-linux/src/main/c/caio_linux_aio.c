/*
 * caio_linux_aio.c - lifecycle, request queues and cancellation of the
 * Linux AIO engine (see caio_linux_aio.h; submission is in
 * caio_linux_submit.c, completions in caio_linux_reap.c).
 */
#define _GNU_SOURCE
#include "caio_linux_aio_int.h"
#include "caio_alloc.h"
#include "caio_spin.h"
#include "caio_syscall_cost.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#define LAIO_MAGIC UINT64_C(0x434149414c494f21) /* "CAIALIO!" */
#define LAIO_DEAD UINT64_C(0xdeadca10deada10a)

static void free_engine(caio_laio_t *e)
{
    pthread_cond_destroy(&e->joined_cond);
    pthread_cond_destroy(&e->helper_cond);
    pthread_mutex_destroy(&e->lock);
    caio_free(e->links);
    caio_free(e->ring);
    caio_free(e->reqs);
    caio_free(e);
}

caio_laio_t *caio_laio_create(int max_requests, int *err, const char **what)
{
    *what = "caio_laio_create";
    if (max_requests < 1 || max_requests > CAIO_ENGINE_MAX_REQUESTS) {
        *err = EINVAL;
        return NULL;
    }
    /* Java admits at most max_requests operations, so a kernel ring of that
     * size can only be full transiently (EAGAIN is still handled). */
    aio_context_t ctx;
    int rc = caio_laio_setup((unsigned)max_requests, &ctx);
    if (rc != 0) {
        *err = rc;
        *what = "io_setup";
        return NULL;
    }
    int efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (efd < 0) {
        *err = errno;
        *what = "eventfd";
        caio_laio_destroy(ctx);
        return NULL;
    }
    caio_laio_t *e = caio_calloc(1, sizeof(*e));
    if (e != NULL) {
        e->reqs = caio_calloc((size_t)max_requests, sizeof(*e->reqs));
        e->ring = caio_calloc((size_t)max_requests, sizeof(*e->ring));
        e->links = caio_calloc((size_t)max_requests, sizeof(*e->links));
    }
    if (e == NULL || e->reqs == NULL || e->ring == NULL || e->links == NULL) {
        if (e != NULL) {
            caio_free(e->links);
            caio_free(e->ring);
            caio_free(e->reqs);
            caio_free(e);
        }
        close(efd);
        caio_laio_destroy(ctx);
        *err = ENOMEM;
        *what = "malloc";
        return NULL;
    }
    int costly = caio_syscall_cost_ns() >= CAIO_COSTLY_SYSCALL_NS;
    e->submit_chunk = costly ? LAIO_COSTLY_CHUNK : LAIO_CHEAP_SUBMIT_CHUNK;
    e->help_chunk = costly ? LAIO_COSTLY_CHUNK : LAIO_CHEAP_HELP_CHUNK;
    caio_mutex_init_adaptive(&e->lock);
    pthread_cond_init(&e->helper_cond, NULL);
    pthread_cond_init(&e->joined_cond, NULL);
    e->max_requests = max_requests;
    e->ctx = ctx;
    e->efd = efd;
    caio_fifo_init(&e->pending);
    caio_fifo_init(&e->fallback);
    caio_links_init(e->links, max_requests);
    atomic_store(&e->magic, LAIO_MAGIC);
    return e;
}

/* Rejects handles that cannot possibly be an engine without dereferencing. */
static int plausible(const caio_laio_t *e)
{
    return e != NULL && (uintptr_t)e % _Alignof(caio_laio_t) == 0;
}

int caio_laio_enter(caio_laio_t *e)
{
    if (!plausible(e) || atomic_load(&e->magic) != LAIO_MAGIC)
        return -1;
    /* Announce first, then re-check: destroy either sees this caller or
     * this caller sees the dead magic. */
    atomic_fetch_add(&e->callers, 1);
    if (atomic_load(&e->magic) != LAIO_MAGIC) {
        atomic_fetch_sub(&e->callers, 1);
        return -1;
    }
    return 0;
}

void caio_laio_leave(caio_laio_t *e)
{
    atomic_fetch_sub(&e->callers, 1);
}

int caio_laio_max_requests(const caio_laio_t *e)
{
    return e->max_requests;
}

int caio_laio_cancel_slot(caio_laio_t *e, int32_t slot)
{
    if (slot < 0 || slot >= e->max_requests)
        return -EINVAL;
    int cancelled = 0;
    pthread_mutex_lock(&e->lock);
    request_t *r = &e->reqs[slot];
    if (r->state == PENDING || r->state == FB_QUEUED) {
        caio_fifo_unlink(r->state == PENDING ? &e->pending : &e->fallback, e->links, slot);
        post_completion(e, slot, -ECANCELED);
        cancelled = 1;
    } else if (r->state == KERNEL) {
        /* File I/O cannot be cancelled (EINVAL); where it can, the event
         * still arrives through the ring, so either way exactly one
         * completion follows.  Under the lock, so the iocb cannot be reused
         * for a new request meanwhile. */
        struct io_event ignored;
        (void)caio_laio_cancel(e->ctx, &r->cb, &ignored);
    }
    pthread_mutex_unlock(&e->lock);
    if (cancelled)
        wake_reaper(e);
    return cancelled;
}

void caio_laio_shutdown(caio_laio_t *e)
{
    pthread_mutex_lock(&e->lock);
    if (e->stopping) { /* another caller drains; return once it is done */
        while (!e->terminated)
            pthread_cond_wait(&e->joined_cond, &e->lock);
        pthread_mutex_unlock(&e->lock);
        return;
    }
    e->stopping = 1;
    while (e->pending.head != NIL) {
        int32_t s = e->pending.head;
        caio_fifo_unlink(&e->pending, e->links, s);
        post_completion(e, s, -ECANCELED);
    }
    /* Java keeps buffers only until their completion is reaped, so every
     * iocb must have completed before io_destroy can even be considered. */
    drain_for_shutdown(e);
    e->terminated = 1;
    pthread_cond_broadcast(&e->joined_cond);
    pthread_mutex_unlock(&e->lock);
    wake_reaper(e);
}

int caio_laio_destroy_engine(caio_laio_t *e)
{
    if (!plausible(e))
        return -1;
    uint64_t expected = LAIO_MAGIC;
    /* The CAS makes a second (racing or repeated) destroy a no-op. */
    if (!atomic_compare_exchange_strong(&e->magic, &expected, LAIO_DEAD))
        return -1;
    caio_laio_shutdown(e);
    /* Wait out calls that entered before the magic died (e.g. a reap about
     * to return -1); the engine is terminated, so none of them blocks. */
    while (atomic_load(&e->callers) != 0) {
        struct timespec ts = {0, 100 * 1000};
        nanosleep(&ts, NULL);
    }
    /* Really destroy the context: its events count against fs.aio-max-nr
     * until then (upstream leaked them until io_setup failed with EAGAIN). */
    caio_laio_destroy(e->ctx);
    close(e->efd);
    free_engine(e);
    return 0;
}

void caio_laio_stats(caio_laio_t *e, caio_laio_stats_t *out)
{
    pthread_mutex_lock(&e->lock);
    out->pending = e->pending.count;
    out->in_kernel = e->in_kernel;
    out->fallback = e->fallback.count + e->helper_busy;
    out->completions = e->ring_count;
    out->helper_started = e->helper_started;
    out->stopping = e->stopping;
    out->terminated = e->terminated;
    out->requeued = e->requeued;
    out->shared = e->shared;
    pthread_mutex_unlock(&e->lock);
}

void caio_laio_set_refuse_sync(caio_laio_t *e, int refuse)
{
    atomic_store(&e->refuse_sync, refuse != 0);
}

void caio_laio_set_kernel_cap(caio_laio_t *e, int cap)
{
    pthread_mutex_lock(&e->lock);
    e->kernel_cap = cap > 0 ? cap : 0;
    pthread_mutex_unlock(&e->lock);
}
