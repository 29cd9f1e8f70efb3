/*
 * caio_uring_engine.c - creating and destroying the io_uring engine, its
 * diagnostics, and the ops table the JNI face and the tests drive it by.
 * Pinning a handle for a call is the core's (caio_head.h).
 */
#define _GNU_SOURCE
#include "caio_uring_internal.h"
#include "caio_alloc.h"
#include "caio_spin.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

/* The SQ is only a staging area (submit flushes it whenever it fills), so
 * it need not hold max_requests; the kernel caps it at 32768 anyway. */
static unsigned sq_size_for(int max_requests)
{
    unsigned n = 4;
    while (n < (unsigned)max_requests && n < URING_MAX_SQ_ENTRIES)
        n <<= 1;
    return n;
}

static int open_ring(caio_uring_t *e, unsigned entries, int sqpoll, const char **what)
{
    uring_ring_t *r = &e->lane[LANE_SUBMIT].ring;
    for (;;) {
        int rc = uring_ring_open(r, entries, sqpoll ? IORING_SETUP_SQPOLL : 0,
                                 CAIO_URING_SQPOLL_IDLE_MS, what);
        if (rc == 0 && sqpoll && !(r->features & IORING_FEAT_SQPOLL_NONFIXED)) {
            /* Before 5.11 the SQPOLL thread only serves registered files:
             * plain fds would fail with EBADF, so go without it. */
            uring_ring_close(r);
            sqpoll = 0;
            continue;
        }
        if (rc == 0) {
            e->sqpoll = sqpoll;
            e->quiet_submit = !sqpoll && r->cq_flags != NULL;
            return 0;
        }
        /* SQPOLL is an optimisation: unprivileged before 5.11 (EPERM) or
         * refused by some kernels/configs (EINVAL) means "without". */
        if (sqpoll && (rc == -EPERM || rc == -EINVAL)) {
            sqpoll = 0;
            continue;
        }
        /* Before 5.12 rings count against RLIMIT_MEMLOCK: a smaller
         * staging SQ works just as well. */
        if (rc == -ENOMEM && entries > 8) {
            entries /= 2;
            continue;
        }
        return rc;
    }
}

/* The completion thread's ring, the same size as lane 0's, signalling the
 * same eventfd.  An optimisation: on refusal (RLIMIT_MEMLOCK before 5.12,
 * the injected failure) the engine goes on with one ring. */
static void open_helper_ring(caio_uring_t *e, unsigned entries)
{
    uring_ring_t *r = &e->lane[LANE_HELPER].ring;
    const char *what;
    int rc = -uring_injected_helper_ring_failure();
    if (rc == 0)
        rc = uring_ring_open(r, entries, 0, 0, &what);
    if (rc == 0)
        rc = uring_register(r->fd, IORING_REGISTER_EVENTFD, &e->efd, 1);
    if (rc < 0) {
        uring_ring_close(r);
        r->fd = -1;
        e->helper_err = -rc;
        return;
    }
    e->lane[LANE_HELPER].sq_tail = __atomic_load_n(r->sq_tail, __ATOMIC_RELAXED);
    e->lanes = 2;
}

static void free_engine(caio_uring_t *e)
{
    for (int i = 0; i < 2; i++)
        uring_ring_close(&e->lane[i].ring);
    uring_arena_free(e); /* after the rings: nothing can write into it now */
    if (e->efd >= 0)
        close(e->efd);
    pthread_cond_destroy(&e->shut_cond);
    pthread_cond_destroy(&e->cq_cond);
    pthread_mutex_destroy(&e->cq_lock);
    pthread_mutex_destroy(&e->pend_lock);
    for (int i = 0; i < 2; i++)
        pthread_mutex_destroy(&e->lane[i].sq_lock);
    caio_free(e->links);
    caio_free(e->scratch);
    caio_free(e->retry);
    caio_done_free(&e->done);
    caio_free(e->slots);
    caio_free(e);
}

/* The chunk the option bits ask for (0: the policy's), or -1 with *what
 * naming the bad argument. */
static int check_args(int max_requests, int option, const char **what)
{
    if (max_requests < 1 || max_requests > CAIO_ENGINE_MAX_REQUESTS) {
        *what = "maxRequests out of range";
        return -1;
    }
    if (option & ~CAIO_URING_OPTS) {
        *what = "option bits other than 1 (SQPOLL), 2 (registered buffers), 4 (no helper ring) and 8-12 (chunk) "
                "are reserved";
        return -1;
    }
    int chunk = (option & CAIO_URING_OPT_CHUNK) >> CAIO_URING_OPT_CHUNK_SHIFT;
    if (chunk > CAIO_SHARE_CHUNK_MAX) {
        *what = "chunk (option bits 8-12) above 16";
        return -1;
    }
    return chunk;
}

/* The engine without rings: locks, slots and the queues, each sized for
 * max_requests.  NULL when the memory is not there. */
static caio_uring_t *alloc_engine(int max_requests)
{
    caio_uring_t *e = caio_calloc(1, sizeof(*e));
    if (e == NULL)
        return NULL;
    e->efd = -1;
    e->lanes = 1;
    for (int i = 0; i < 2; i++) {
        e->lane[i].ring.fd = -1;
        caio_mutex_init_adaptive(&e->lane[i].sq_lock);
    }
    caio_mutex_init_adaptive(&e->pend_lock);
    caio_mutex_init_adaptive(&e->cq_lock);
    pthread_cond_init(&e->cq_cond, NULL);
    pthread_cond_init(&e->shut_cond, NULL);
    e->head.max_requests = max_requests;
    e->slots = caio_calloc((size_t)max_requests, sizeof(*e->slots));
    int done_rc = caio_done_init(&e->done, max_requests);
    e->retry = caio_calloc((size_t)max_requests, sizeof(*e->retry));
    e->scratch = caio_calloc((size_t)max_requests, sizeof(*e->scratch));
    e->links = caio_calloc((size_t)max_requests, sizeof(*e->links));
    if (e->slots == NULL || done_rc != 0 || e->retry == NULL || e->scratch == NULL || e->links == NULL) {
        free_engine(e);
        return NULL;
    }
    caio_links_init(e->links, max_requests);
    caio_fifo_init(&e->pending);
    return e;
}

/* The eventfd and lane 0's ring, which must support our opcodes and signal
 * the eventfd: 0, or -errno with *what naming the failing step. */
static int setup_ring(caio_uring_t *e, int max_requests, int sqpoll, const char **what)
{
    /* Non-blocking: reapers poll() it, and a read just resets the count. */
    e->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (e->efd < 0) {
        *what = "eventfd";
        return -errno;
    }
    int rc = open_ring(e, sq_size_for(max_requests), sqpoll, what);
    if (rc == 0) {
        const char *missing;
        if (uring_check_opcodes(e->lane[LANE_SUBMIT].ring.fd, &missing) != 0) {
            rc = -EOPNOTSUPP;
            *what = missing;
        }
    }
    if (rc == 0) {
        /* Registered before anything is submitted: the eventfd only counts
         * CQEs posted after registration. */
        rc = uring_register(e->lane[LANE_SUBMIT].ring.fd, IORING_REGISTER_EVENTFD, &e->efd, 1);
        *what = "io_uring_register(IORING_REGISTER_EVENTFD)";
    }
    if (rc == -EINVAL && *what != NULL && strcmp(*what, "io_uring_setup") == 0) {
        /* Not a bad argument from Java (the JNI face would say so): the
         * kernel refused the ring flags, so it predates what we need. */
        rc = -EOPNOTSUPP;
        *what = "io_uring_setup (EINVAL for our ring parameters: a kernel before 5.6?)";
    }
    return rc;
}

caio_uring_t *caio_uring_create(int max_requests, int option, int *err, const char **what)
{
    *err = EINVAL;
    int chunk = check_args(max_requests, option, what);
    if (chunk < 0)
        return NULL;
    *err = ENOMEM;
    *what = "malloc";
    caio_uring_t *e = alloc_engine(max_requests);
    if (e == NULL)
        return NULL;
    int rc = setup_ring(e, max_requests, option & CAIO_URING_OPT_SQPOLL, what);
    if (rc < 0) {
        *err = -rc;
        free_engine(e);
        return NULL;
    }
    /* A batch submitted to an SQPOLL ring is copied by the kernel's thread,
     * not ours: sharing it with a second ring would not add a core. */
    if (!e->sqpoll && !(option & CAIO_URING_OPT_NO_HELPER))
        open_helper_ring(e, e->lane[LANE_SUBMIT].ring.sq_entries);
    if (option & CAIO_URING_OPT_REG_BUFFERS)
        uring_arena_open(e);
    e->share = caio_share_policy();
    e->chunk = chunk;
    e->lane[LANE_SUBMIT].sq_tail = __atomic_load_n(e->lane[LANE_SUBMIT].ring.sq_tail, __ATOMIC_RELAXED);
    caio_head_open(&e->head, URING_MAGIC);
    return e;
}

int caio_uring_destroy(caio_uring_t *e)
{
    if (caio_head_close(caio_head_of(e), URING_MAGIC) != 0)
        return -1;
    /* Only after shutdown holds no request in the kernel may the rings go:
     * closing the ring fd does not wait for io-wq workers still writing
     * into Java's buffers. */
    caio_uring_shutdown(e);
    caio_head_await_callers(&e->head);
    free_engine(e);
    return 0;
}

const caio_engine_ops_t caio_uring_ops = {
    .name = "io_uring",
    .magic = URING_MAGIC,
    .create = caio_uring_create,
    .submit = caio_uring_submit,
    .submit_collect = caio_uring_submit_collect,
    .reap = caio_uring_reap,
    .await = caio_uring_await,
    .cancel = caio_uring_cancel,
    .shutdown = caio_uring_shutdown,
    .destroy = caio_uring_destroy,
    .features = caio_uring_features,
    .arena = caio_uring_arena,
};

/* The errnos a registration is refused with (not strerrorname_np: that
 * needs glibc 2.32, and this library supports 2.17). */
static const char *refusal_name(int err)
{
    switch (err) {
    case ENOMEM: return "ENOMEM";
    case EPERM: return "EPERM";
    case EACCES: return "EACCES";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    case EFAULT: return "EFAULT";
    case EINVAL: return "EINVAL";
    case EBUSY: return "EBUSY";
    default: return "errno";
    }
}

void caio_uring_features(caio_uring_t *e, char *buf, size_t len)
{
    /* reg_buffers: "on(<slots>x<bytes>)", "off", or "refused(<errno>)" when
     * asked for and the kernel said no (memlock limit, seccomp...). */
    char reg[48], helper[32];
    const uring_ring_t *r = &e->lane[LANE_SUBMIT].ring;
    if (e->arena != NULL)
        snprintf(reg, sizeof(reg), "on(%zux%zu)", e->arena_len / e->arena_stride, e->arena_slot);
    else if (e->arena_err != 0)
        snprintf(reg, sizeof(reg), "refused(%s)", refusal_name(e->arena_err));
    else
        snprintf(reg, sizeof(reg), "off");
    /* "chunk=<n>" as the option forces it; else "chunk=policy(syscall <S>ns
     * copy <C>ns)": a shared batch of n moves sqrt(n*S/C) ops per
     * io_uring_enter, at most 16 (caio_share_chunk). */
    char chunk[80];
    if (e->chunk > 0)
        snprintf(chunk, sizeof(chunk), "chunk=%d", e->chunk);
    else
        snprintf(chunk, sizeof(chunk), "chunk=policy(syscall %ldns copy %ldns)", e->share->syscall_ns,
                 e->share->copy_ns);
    /* helper_ring: "on", "off", or "refused(<errno>)". */
    if (e->lanes > 1)
        snprintf(helper, sizeof(helper), "on");
    else if (e->helper_err != 0)
        snprintf(helper, sizeof(helper), "refused(%s)", refusal_name(e->helper_err));
    else
        snprintf(helper, sizeof(helper), "off");
    snprintf(buf, len,
             "sqpoll=%s nodrop=%s single_mmap=%s sq=%u cq=%u reg_buffers=%s quiet_submit=%s helper_ring=%s %s",
             e->sqpoll ? "on" : "off", (r->features & IORING_FEAT_NODROP) ? "on" : "off",
             (r->features & IORING_FEAT_SINGLE_MMAP) ? "on" : "off", r->sq_entries, r->cq_entries, reg,
             e->quiet_submit ? "on" : "off", helper, chunk);
}

void caio_uring_stats(caio_uring_t *e, caio_uring_stats_t *out)
{
    pthread_mutex_lock(&e->lane[LANE_SUBMIT].sq_lock);
    pthread_mutex_lock(&e->pend_lock);
    pthread_mutex_lock(&e->cq_lock);
    out->pending = e->pending.count;
    out->helped = e->helped;
    out->lanes = e->lanes;
    out->ops_in_kernel = atomic_load(&e->ops_in_kernel);
    out->cancels_in_kernel = atomic_load(&e->cancels_in_kernel);
    out->completions_pending = e->done.count + e->retry_count;
    out->overflow_flushes = e->overflow_flushes;
    out->retried = e->retried;
    out->stopping = e->stopping;
    out->terminated = e->terminated;
    out->sqpoll = e->sqpoll;
    out->reg_buffers = e->arena != NULL;
    out->sq_entries = e->lane[LANE_SUBMIT].ring.sq_entries;
    out->cq_entries = e->lane[LANE_SUBMIT].ring.cq_entries;
    pthread_mutex_unlock(&e->cq_lock);
    pthread_mutex_unlock(&e->pend_lock);
    pthread_mutex_unlock(&e->lane[LANE_SUBMIT].sq_lock);
}
