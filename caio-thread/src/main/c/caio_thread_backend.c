/*
 * caio_thread_backend.c - binds the pthread pool to the shared JNI face as
 * dev.caio.thread.ThreadPoolNative.  create's option: the pool size in the
 * low 16 bits, bit 16 for inline page-cache reads (CAIO_POOL_INLINE_READS).
 */
#include "caio_backend.h"
#include "caio_thread_pool.h"

#include <errno.h>

#define OPTION_INLINE_READS (1 << 16)

static void *tp_create(int max_requests, int option, int *err, const char **what)
{
    int pool_size = option & 0xffff;
    if (pool_size < 1 || pool_size > CAIO_POOL_MAX_THREADS) {
        *err = EINVAL;
        *what = "poolSize must be in [1, 1024]";
        return NULL;
    }
    if (option & ~(OPTION_INLINE_READS | 0xffff)) {
        *err = EINVAL;
        *what = "option bits above 16 are reserved";
        return NULL;
    }
    int flags = (option & OPTION_INLINE_READS) ? CAIO_POOL_INLINE_READS : 0;
    return caio_pool_create(max_requests, pool_size, flags, err, what);
}

static int tp_enter(void *e) { return caio_pool_enter(e); }
static void tp_leave(void *e) { caio_pool_leave(e); }
static int tp_max_requests(void *e) { return caio_pool_max_requests(e); }
static int tp_submit(void *e, const caio_op_t *ops, int n, int *bad) { return caio_pool_submit(e, ops, n, bad); }
static int tp_submit_collect(void *e, const caio_op_t *ops, int n, int *bad, caio_completion_t *out, int max)
{
    return caio_pool_submit_collect(e, ops, n, bad, out, max);
}
static int tp_reap(void *e, caio_completion_t *out, int max) { return caio_pool_reap(e, out, max); }
static int tp_cancel(void *e, int32_t slot) { return caio_pool_cancel(e, slot); }
static void tp_shutdown(void *e) { caio_pool_shutdown(e); }
static int tp_destroy(void *e) { return caio_pool_destroy(e); }

static const caio_engine_ops_t thread_pool_ops = {
    .name = "thread pool",
    .create = tp_create,
    .enter = tp_enter,
    .leave = tp_leave,
    .max_requests = tp_max_requests,
    .submit = tp_submit,
    .submit_collect = tp_submit_collect,
    .reap = tp_reap,
    .cancel = tp_cancel,
    .shutdown = tp_shutdown,
    .destroy = tp_destroy,
};

const caio_backend_t caio_backend = {
    .java_class = "dev/caio/thread/ThreadPoolNative",
    .ops = &thread_pool_ops,
    .extra = NULL,
    .extra_count = 0,
};
