/*
 * test_support.c - plumbing only the io_uring engine tests need: creating
 * an engine, and its idle/termination checks.
 */
#define _GNU_SOURCE
#include "test_support.h"

#include <errno.h>
#include <fcntl.h>

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

void submit_ok(caio_uring_t *e, const caio_op_t *ops, int n) { engine_submit_ok(&caio_uring_ops, e, ops, n); }

void collect(caio_uring_t *e, int n, int64_t *results, int *counts)
{
    engine_collect(&caio_uring_ops, e, n, results, counts);
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
    engine_finish_after_shutdown(&caio_uring_ops, e);
}
