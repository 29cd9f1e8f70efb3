/*
 * test_support.c - plumbing for the io_uring engine tests: failure
 * accounting and small helpers.
 */
#define _GNU_SOURCE
#include "test_support.h"

#include <errno.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int failures;

void die(const char *what)
{
    perror(what);
    exit(2);
}

void pause_ms(int ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

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

int temp_file(void)
{
    char name[] = "/tmp/caio-uring-test-XXXXXX";
    int fd = mkstemp(name);
    if (fd < 0)
        die("mkstemp");
    unlink(name);
    return fd;
}

unsigned char pattern(int64_t pos)
{
    return (unsigned char)((pos * 31 + 7) % 251);
}

caio_op_t op(int slot, int kind, int fd, int64_t off, void *addr, size_t len)
{
    caio_op_t o = {slot, kind, fd, off, addr, len};
    return o;
}

void submit_ok(caio_uring_t *e, const caio_op_t *ops, int n)
{
    int bad;
    int rc = caio_uring_submit(e, ops, n, &bad);
    if (rc != 0) {
        fprintf(stderr, "submit failed rc=%d bad=%d\n", rc, bad);
        exit(2);
    }
}

/* Small batches exercise partial reaps: the rest must wait for the next
 * call, never get lost. */
void collect(caio_uring_t *e, int n, int64_t *results, int *counts)
{
    caio_completion_t c[7];
    while (n > 0) {
        int got = caio_uring_reap(e, c, n < 7 ? n : 7);
        if (got <= 0) {
            fprintf(stderr, "reap returned %d with %d completions missing\n", got, n);
            exit(2);
        }
        for (int i = 0; i < got; i++) {
            results[c[i].slot] = c[i].result;
            if (counts != NULL)
                counts[c[i].slot]++;
        }
        n -= got;
    }
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
    CHECK(caio_uring_reap(e, c, 4) == -1, "and keep saying it");
    CHECK(caio_uring_destroy(e) == 0, "destroy");
}
