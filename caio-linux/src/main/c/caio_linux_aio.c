/*
 * caio_linux_aio.c - lifecycle, request queues and cancellation of the
 * Linux AIO engine (see caio_linux_aio.h; submission is in
 * caio_linux_submit.c, completions in caio_linux_reap.c).
 */
#define _GNU_SOURCE
#include "caio_linux_aio_int.h"
#include "caio_alloc.h"
#include "caio_spin.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <unistd.h>

#define LAIO_MAGIC UINT64_C(0x434149414c494f21) /* "CAIALIO!" */

static void free_memory(caio_laio_t *e)
{
    caio_free(e->links);
    caio_done_free(&e->done);
    caio_free(e->reqs);
    caio_free(e);
}

static void free_engine(caio_laio_t *e)
{
    pthread_cond_destroy(&e->joined_cond);
    pthread_cond_destroy(&e->helper_cond);
    pthread_mutex_destroy(&e->lock);
    free_memory(e);
}

/* The engine and its per-slot arrays, zeroed; NULL when the memory is not
 * there. */
static caio_laio_t *alloc_engine(int max_requests)
{
    caio_laio_t *e = caio_calloc(1, sizeof(*e));
    if (e == NULL)
        return NULL;
    e->reqs = caio_calloc((size_t)max_requests, sizeof(*e->reqs));
    e->links = caio_calloc((size_t)max_requests, sizeof(*e->links));
    if (caio_done_init(&e->done, max_requests) != 0 || e->reqs == NULL || e->links == NULL) {
        free_memory(e);
        return NULL;
    }
    return e;
}

/* Everything but the memory and the two descriptors: locks, queues and the
 * sharing policy. */
static void init_engine(caio_laio_t *e, int max_requests, aio_context_t ctx, int efd)
{
    e->share = caio_share_policy();
    /* The completion thread's chunk until a batch is shared: that of the
     * smallest batch worth sharing. */
    e->chunk = caio_share_chunk(e->share, CAIO_SHARE_MIN);
    caio_mutex_init_adaptive(&e->lock);
    pthread_cond_init(&e->helper_cond, NULL);
    pthread_cond_init(&e->joined_cond, NULL);
    e->head.max_requests = max_requests;
    e->ctx = ctx;
    e->efd = efd;
    caio_fifo_init(&e->pending);
    caio_fifo_init(&e->fallback);
    caio_links_init(e->links, max_requests);
}

caio_laio_t *caio_laio_create(int max_requests, __attribute__((unused)) int option, int *err,
                              const char **what)
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
    caio_laio_t *e = alloc_engine(max_requests);
    if (e == NULL) {
        close(efd);
        caio_laio_destroy(ctx);
        *err = ENOMEM;
        *what = "malloc";
        return NULL;
    }
    init_engine(e, max_requests, ctx, efd);
    caio_head_open(&e->head, LAIO_MAGIC);
    return e;
}

int caio_laio_cancel_slot(caio_laio_t *e, int32_t slot)
{
    if (slot < 0 || slot >= e->head.max_requests)
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
    if (caio_head_close(&e->head, LAIO_MAGIC) != 0)
        return -1;
    caio_laio_shutdown(e);
    /* Wait out calls that entered before the mark was retired (e.g. a reap
     * about to return -1); the engine is terminated, so none of them
     * blocks. */
    caio_head_await_callers(&e->head);
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
    out->completions = e->done.count;
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

const caio_engine_ops_t caio_linux_ops = {
    .name = "linux aio",
    .magic = LAIO_MAGIC,
    .create = caio_laio_create,
    .submit = caio_laio_submit_ops,
    .submit_collect = caio_laio_submit_collect,
    .reap = caio_laio_reap,
    .cancel = caio_laio_cancel_slot,
    .shutdown = caio_laio_shutdown,
    .destroy = caio_laio_destroy_engine,
};
