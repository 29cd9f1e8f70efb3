/*
 * caio_uring_engine.c - creating and destroying the io_uring engine, and
 * pinning its handle for JNI calls (the same magic/callers scheme as the
 * thread pool, so a stale handle from Java is refused, not dereferenced
 * after free).
 */
#define _GNU_SOURCE
#include "caio_uring_internal.h"
#include "caio_alloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#define URING_MAGIC UINT64_C(0x43414955524e4721) /* "CAIURNG!" */
#define URING_DEAD UINT64_C(0xdeadca10deadc0de)

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
    for (;;) {
        int rc = uring_ring_open(&e->ring, entries, sqpoll ? IORING_SETUP_SQPOLL : 0,
                                 CAIO_URING_SQPOLL_IDLE_MS, what);
        if (rc == 0 && sqpoll && !(e->ring.features & IORING_FEAT_SQPOLL_NONFIXED)) {
            /* Before 5.11 the SQPOLL thread only serves registered files:
             * plain fds would fail with EBADF, so go without it. */
            uring_ring_close(&e->ring);
            sqpoll = 0;
            continue;
        }
        if (rc == 0) {
            e->sqpoll = sqpoll;
            e->quiet_submit = !sqpoll && e->ring.cq_flags != NULL;
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

static void free_engine(caio_uring_t *e)
{
    uring_ring_close(&e->ring);
    uring_arena_free(e); /* after the ring: nothing can write into it now */
    if (e->efd >= 0)
        close(e->efd);
    pthread_cond_destroy(&e->shut_cond);
    pthread_cond_destroy(&e->cq_cond);
    pthread_mutex_destroy(&e->cq_lock);
    pthread_mutex_destroy(&e->sq_lock);
    caio_free(e->scratch);
    caio_free(e->retry);
    caio_free(e->done);
    caio_free(e->slots);
    caio_free(e);
}

caio_uring_t *caio_uring_create(int max_requests, int option, int *err, const char **what)
{
    *err = EINVAL;
    if (max_requests < 1 || max_requests > CAIO_ENGINE_MAX_REQUESTS) {
        *what = "maxRequests out of range";
        return NULL;
    }
    if (option & ~CAIO_URING_OPTS) {
        *what = "option bits other than 1 (SQPOLL) and 2 (registered buffers) are reserved";
        return NULL;
    }
    *err = ENOMEM;
    *what = "malloc";
    caio_uring_t *e = caio_calloc(1, sizeof(*e));
    if (e == NULL)
        return NULL;
    e->efd = -1;
    e->ring.fd = -1;
    pthread_mutex_init(&e->sq_lock, NULL);
    pthread_mutex_init(&e->cq_lock, NULL);
    pthread_cond_init(&e->cq_cond, NULL);
    pthread_cond_init(&e->shut_cond, NULL);
    e->max_requests = max_requests;
    e->slots = caio_calloc((size_t)max_requests, sizeof(*e->slots));
    e->done = caio_calloc((size_t)max_requests, sizeof(*e->done));
    e->retry = caio_calloc((size_t)max_requests, sizeof(*e->retry));
    e->scratch = caio_calloc((size_t)max_requests, sizeof(*e->scratch));
    if (e->slots == NULL || e->done == NULL || e->retry == NULL || e->scratch == NULL)
        goto fail;

    /* Non-blocking: reapers poll() it, and a read just resets the count. */
    e->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (e->efd < 0) {
        *err = errno;
        *what = "eventfd";
        goto fail;
    }
    int rc = open_ring(e, sq_size_for(max_requests), option & CAIO_URING_OPT_SQPOLL, what);
    if (rc == 0) {
        const char *missing;
        int prc = uring_check_opcodes(e->ring.fd, &missing);
        if (prc != 0) {
            rc = -EOPNOTSUPP;
            *what = missing;
        }
    }
    if (rc == 0) {
        /* Registered before anything is submitted: the eventfd only counts
         * CQEs posted after registration. */
        rc = uring_register(e->ring.fd, IORING_REGISTER_EVENTFD, &e->efd, 1);
        *what = "io_uring_register(IORING_REGISTER_EVENTFD)";
    }
    if (rc == -EINVAL && *what != NULL && strcmp(*what, "io_uring_setup") == 0) {
        /* Not a bad argument from Java (the JNI face would say so): the
         * kernel refused the ring flags, so it predates what we need. */
        rc = -EOPNOTSUPP;
        *what = "io_uring_setup (EINVAL for our ring parameters: a kernel before 5.6?)";
    }
    if (rc < 0) {
        *err = -rc;
        goto fail;
    }
    if (option & CAIO_URING_OPT_REG_BUFFERS)
        uring_arena_open(e);
    e->sq_tail = __atomic_load_n(e->ring.sq_tail, __ATOMIC_RELAXED);
    atomic_store(&e->magic, URING_MAGIC);
    return e;
fail:
    free_engine(e);
    return NULL;
}

/* Rejects handles that cannot possibly be an engine without touching them. */
static int plausible(const caio_uring_t *e)
{
    return e != NULL && (uintptr_t)e % _Alignof(caio_uring_t) == 0;
}

int caio_uring_enter(caio_uring_t *e)
{
    if (!plausible(e) || atomic_load(&e->magic) != URING_MAGIC)
        return -1;
    /* Announce, then re-check: destroy either sees this caller or this
     * caller sees the dead magic. */
    atomic_fetch_add(&e->callers, 1);
    if (atomic_load(&e->magic) != URING_MAGIC) {
        atomic_fetch_sub(&e->callers, 1);
        return -1;
    }
    return 0;
}

void caio_uring_leave(caio_uring_t *e)
{
    atomic_fetch_sub(&e->callers, 1);
}

int caio_uring_max_requests(const caio_uring_t *e)
{
    return e->max_requests;
}

int caio_uring_destroy(caio_uring_t *e)
{
    if (!plausible(e))
        return -1;
    uint64_t expected = URING_MAGIC;
    if (!atomic_compare_exchange_strong(&e->magic, &expected, URING_DEAD))
        return -1;
    /* Only after shutdown holds no request in the kernel may the rings go:
     * closing the ring fd does not wait for io-wq workers still writing
     * into Java's buffers. */
    caio_uring_shutdown(e);
    while (atomic_load(&e->callers) != 0) {
        struct timespec ts = {0, 100 * 1000};
        nanosleep(&ts, NULL);
    }
    free_engine(e);
    return 0;
}

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
    char reg[48];
    if (e->arena != NULL)
        snprintf(reg, sizeof(reg), "on(%zux%zu)", e->arena_len / e->arena_stride, e->arena_slot);
    else if (e->arena_err != 0)
        snprintf(reg, sizeof(reg), "refused(%s)", refusal_name(e->arena_err));
    else
        snprintf(reg, sizeof(reg), "off");
    snprintf(buf, len, "sqpoll=%s nodrop=%s single_mmap=%s sq=%u cq=%u reg_buffers=%s quiet_submit=%s",
             e->sqpoll ? "on" : "off", (e->ring.features & IORING_FEAT_NODROP) ? "on" : "off",
             (e->ring.features & IORING_FEAT_SINGLE_MMAP) ? "on" : "off", e->ring.sq_entries,
             e->ring.cq_entries, reg, e->quiet_submit ? "on" : "off");
}

void caio_uring_stats(caio_uring_t *e, caio_uring_stats_t *out)
{
    pthread_mutex_lock(&e->sq_lock);
    pthread_mutex_lock(&e->cq_lock);
    out->ops_in_kernel = atomic_load(&e->ops_in_kernel);
    out->cancels_in_kernel = atomic_load(&e->cancels_in_kernel);
    out->completions_pending = e->done_count + e->retry_count;
    out->overflow_flushes = e->overflow_flushes;
    out->retried = e->retried;
    out->stopping = e->stopping;
    out->terminated = e->terminated;
    out->sqpoll = e->sqpoll;
    out->reg_buffers = e->arena != NULL;
    out->sq_entries = e->ring.sq_entries;
    out->cq_entries = e->ring.cq_entries;
    pthread_mutex_unlock(&e->cq_lock);
    pthread_mutex_unlock(&e->sq_lock);
}
