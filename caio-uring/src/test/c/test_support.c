/*
 * test_support.c - plumbing only the io_uring engine tests need: the engine
 * behind the generic interface, and its idle/termination checks.
 */
#define _GNU_SOURCE
#include "test_support.h"

#include <errno.h>
#include <fcntl.h>

static int uring_submit(void *e, const caio_op_t *ops, int n, int *bad)
{
    return caio_uring_submit(e, ops, n, bad);
}
static int uring_reap(void *e, caio_completion_t *out, int max) { return caio_uring_reap(e, out, max); }
static void uring_shutdown(void *e) { caio_uring_shutdown(e); }
static int uring_destroy(void *e) { return caio_uring_destroy(e); }

static int uring_submit_collect(void *e, const caio_op_t *o, int n, int *bad, caio_completion_t *out, int max)
{
    return caio_uring_submit_collect(e, o, n, bad, out, max);
}

const caio_engine_ops_t test_ops = {
    .name = "io_uring",
    .submit = uring_submit,
    .submit_collect = uring_submit_collect,
    .reap = uring_reap,
    .shutdown = uring_shutdown,
    .destroy = uring_destroy,
};

caio_uring_t *new_engine(int max_requests, int option)
{
    int err;
    const char *what;
    caio_uring_t *e = caio_uring_create(max_requests, option, &err, &what);
    if (e == NULL) {
        errno = err;
        die(what);
    }
    return e;
}

int temp_file(void) { return temp_file_or_die("/tmp/caio-uring-test"); }
int direct_temp_file(void) { return temp_file_at("/var/tmp/caio-uring-direct", O_DIRECT); }

void submit_ok(caio_uring_t *e, const caio_op_t *ops, int n) { engine_submit_ok(&test_ops, e, ops, n); }

void collect(caio_uring_t *e, int n, int64_t *results, int *counts)
{
    engine_collect(&test_ops, e, n, results, counts);
}

void check_idle(caio_uring_t *e, const char *when)
{
    caio_uring_stats_t st;
    caio_uring_stats(e, &st);
    CHECK(st.ops_in_kernel == 0 && st.completions_pending == 0,
          "%s: %d ops in kernel, %d completions pending", when, st.ops_in_kernel,
          st.completions_pending);
}

void finish(caio_uring_t *e)
{
    caio_completion_t c[4];
    caio_uring_shutdown(e);
    caio_uring_stats_t st;
    caio_uring_stats(e, &st);
    CHECK(st.terminated && st.ops_in_kernel == 0 && st.cancels_in_kernel == 0,
          "after shutdown: terminated %d ops %d cancels %d", st.terminated, st.ops_in_kernel,
          st.cancels_in_kernel);
    CHECK(caio_uring_reap(e, c, 4) == -1, "reap after shutdown must say -1");
    /* The same again, and keep saying it; then destroy. */
    engine_finish_after_shutdown(&test_ops, e);
}
