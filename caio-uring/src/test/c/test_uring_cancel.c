/*
 * test_uring_cancel.c - cancellation and shutdown with requests really
 * parked in the kernel: an io_uring READ of an empty pipe waits (armed on
 * the pipe's poll queue) until data arrives or it is cancelled, which makes
 * "still in flight" deterministic without timing luck.  The engine fails
 * pipe reads with ESPIPE, as pread does, so these tests turn the seam
 * caio_uring_test_allow_streams on: no file that pread accepts parks.
 */
#define _GNU_SOURCE
#include "test_support.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void new_pipe(int p[2])
{
    if (pipe2(p, O_CLOEXEC) != 0)
        die("pipe2");
}

static void wait_in_kernel(caio_uring_t *e, int n)
{
    caio_uring_stats_t st;
    pause_ms(20); /* let the reads reach the pipe's wait queue */
    caio_uring_stats(e, &st);
    CHECK(st.ops_in_kernel == n && st.completions_pending == 0,
          "expected %d blocked reads: %d in kernel, %d pending", n, st.ops_in_kernel,
          st.completions_pending);
}

void test_cancel_pipe(void)
{
    caio_uring_test_allow_streams(1);
    enum { N = 8 };
    caio_uring_t *e = new_engine(16, 0);
    int p[2];
    new_pipe(p);
    char buf[16][16];
    int64_t res[16];
    int counts[16] = {0};
    memset(buf, 0, sizeof(buf));
    caio_op_t ops[N];
    for (int i = 0; i < N; i++)
        ops[i] = op(i, CAIO_OP_READ, p[0], 0, buf[i], sizeof(buf[i]));
    submit_ok(e, ops, N);
    wait_in_kernel(e, N);

    for (int i = N - 1; i >= 0; i--)
        CHECK(caio_uring_cancel(e, i) == 0, "cancel %d", i);
    for (int i = 0; i < N; i++)
        CHECK(caio_uring_cancel(e, i) == 0, "second cancel %d", i);
    CHECK(caio_uring_cancel(e, -1) == -EINVAL && caio_uring_cancel(e, 16) == -EINVAL, "range");
    CHECK(caio_uring_cancel(e, 15) == 0, "unused slot");
    int bad;
    CHECK(caio_uring_submit(e, &ops[3], 1, &bad) == -EBUSY, "cancelled but unreaped slot is busy");
    collect(e, N, res, counts);
    for (int i = 0; i < N; i++)
        CHECK(res[i] == -ECANCELED && counts[i] == 1, "slot %d result %lld count %d", i,
              (long long)res[i], counts[i]);
    check_idle(e, "after cancel");

    /* Not cancelled: data arrives and the read returns it. */
    submit_ok(e, &ops[2], 1);
    wait_in_kernel(e, 1);
    if (write(p[1], "hello", 5) != 5)
        die("write pipe");
    collect(e, 1, res, counts);
    CHECK(res[2] == 5 && memcmp(buf[2], "hello", 5) == 0 && counts[2] == 2, "pipe read %lld",
          (long long)res[2]);
    CHECK(caio_uring_cancel(e, 2) == 0, "cancel after completion");
    check_idle(e, "cancel after completion");
    close(p[0]);
    close(p[1]);
    caio_uring_test_allow_streams(0);
    finish(e);
}

/* Cancel right after submit, while some requests are still in the kernel
 * and others already done: each slot completes exactly once, with its
 * real result or -ECANCELED, and the engine stays usable. */
void test_cancel_races(void)
{
    caio_uring_test_allow_streams(1);
    enum { N = 16, ROUNDS = 50 };
    caio_uring_t *e = new_engine(N, 0);
    int fd = temp_file(), p[2];
    new_pipe(p);
    if (fcntl(p[0], F_SETFL, O_NONBLOCK) != 0) /* only our drain below; io_uring waits anyway */
        die("fcntl");
    char data[N], buf[N][4], junk[64];
    for (int i = 0; i < N; i++)
        data[i] = (char)pattern(i);
    if (pwrite(fd, data, N, 0) != N)
        die("pwrite");
    int64_t res[N];
    int cancelled = 0, completed = 0;
    for (int round = 0; round < ROUNDS; round++) {
        int counts[N] = {0};
        caio_op_t ops[N];
        memset(buf, 0, sizeof(buf));
        for (int i = 0; i < N; i++)
            ops[i] = i % 2 ? op(i, CAIO_OP_READ, p[0], 0, buf[i], 1)
                           : op(i, CAIO_OP_READ, fd, i, buf[i], 1);
        submit_ok(e, ops, N);
        if (round % 2 && write(p[1], "abcd", 4) != 4)
            die("write pipe");
        for (int i = 0; i < N; i++)
            caio_uring_cancel(e, (i * 7 + round) % N);
        collect(e, N, res, counts);
        for (int i = 0; i < N; i++) {
            CHECK(counts[i] == 1, "round %d slot %d count %d", round, i, counts[i]);
            CHECK(res[i] == 1 || res[i] == -ECANCELED, "round %d slot %d result %lld", round,
                  i, (long long)res[i]);
            if (res[i] == 1 && i % 2 == 0)
                CHECK(buf[i][0] == data[i], "round %d slot %d data", round, i);
            cancelled += res[i] == -ECANCELED;
            completed += res[i] == 1;
        }
        while (read(p[0], junk, sizeof(junk)) > 0)
            ; /* leftovers must not satisfy the next round's reads */
    }
    printf("  %d completed, %d cancelled\n", completed, cancelled);
    check_idle(e, "races");
    close(p[0]);
    close(p[1]);
    close(fd);
    caio_uring_test_allow_streams(0);
    finish(e);
}

static void *shutdown_thread(void *arg)
{
    caio_uring_shutdown(arg);
    return NULL;
}

static int64_t end_results[8];
static void *reap_until_end(void *arg)
{
    caio_completion_t c[3];
    intptr_t n = 0;
    int got;
    while ((got = caio_uring_reap(arg, c, 3)) > 0) {
        for (int i = 0; i < got; i++)
            end_results[c[i].slot] = c[i].result;
        n += got;
    }
    return (void *)n;
}

static void shutdown_with_blocked_reads(int option)
{
    caio_uring_t *e = new_engine(8, option);
    int fd = temp_file(), p[2];
    new_pipe(p);
    char buf[3][8];
    memset(buf, 0, sizeof(buf));
    pthread_t reaper, t1, t2;
    pthread_create(&reaper, NULL, reap_until_end, e);
    caio_op_t ops[3] = {op(0, CAIO_OP_READ, p[0], 0, buf[0], 8),
                        op(1, CAIO_OP_READ, p[0], 0, buf[1], 8),
                        op(2, CAIO_OP_READ, fd, 0, buf[2], 8)};
    submit_ok(e, ops, 3);
    pause_ms(20);
    pthread_create(&t1, NULL, shutdown_thread, e);
    pthread_create(&t2, NULL, shutdown_thread, e); /* concurrent, must also wait */
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    int bad;
    CHECK(caio_uring_submit(e, ops, 1, &bad) == -ESHUTDOWN, "submit after shutdown");
    CHECK(caio_uring_cancel(e, 0) == 0, "cancel after shutdown");
    void *n;
    pthread_join(reaper, &n);
    CHECK((intptr_t)n == 3, "option %d: %ld completions", option, (long)(intptr_t)n);
    CHECK(end_results[0] == -ECANCELED && end_results[1] == -ECANCELED && end_results[2] == 0,
          "option %d: results %lld %lld %lld", option, (long long)end_results[0],
          (long long)end_results[1], (long long)end_results[2]);
    caio_uring_shutdown(e); /* idempotent */
    finish(e);
    close(p[0]);
    close(p[1]);
    close(fd);
}

void test_shutdown_in_flight(void)
{
    caio_uring_test_allow_streams(1);
    shutdown_with_blocked_reads(0);
    shutdown_with_blocked_reads(CAIO_URING_OPT_SQPOLL);

    /* Without a reaper: shutdown harvests by itself; reap then drains. */
    caio_uring_t *e = new_engine(4, 0);
    int p[2];
    new_pipe(p);
    char buf[8];
    caio_op_t o = op(3, CAIO_OP_READ, p[0], 0, buf, sizeof(buf));
    submit_ok(e, &o, 1);
    pause_ms(10);
    caio_uring_shutdown(e);
    int64_t res[4];
    collect(e, 1, res, NULL);
    CHECK(res[3] == -ECANCELED, "no-reaper shutdown %lld", (long long)res[3]);
    finish(e);

    /* destroy alone, with a read parked in the kernel. */
    e = new_engine(4, 0);
    submit_ok(e, &o, 1);
    pause_ms(10);
    CHECK(caio_uring_destroy(e) == 0, "destroy with a read in flight");

    /* A reaper blocked on an idle engine is released by shutdown. */
    e = new_engine(4, 0);
    pthread_t reaper;
    pthread_create(&reaper, NULL, reap_until_end, e);
    pause_ms(20);
    caio_uring_shutdown(e);
    void *n;
    pthread_join(reaper, &n);
    CHECK(n == NULL, "idle reaper got completions");
    CHECK(caio_uring_destroy(e) == 0, "destroy");
    caio_uring_test_allow_streams(0);
    close(p[0]);
    close(p[1]);
}

struct exiting_args {
    caio_uring_t *e;
    caio_op_t op;
};

static void *submit_and_exit(void *arg)
{
    struct exiting_args *a = arg;
    submit_ok(a->e, &a->op, 1);
    return NULL;
}

/* io_uring ties requests to the submitting thread: when it exits while its
 * read still waits, the kernel cancels the read (6.x does).  The engine
 * resubmits it from the reaping thread, so the read returns the data. */
void test_submitter_exits(void)
{
    caio_uring_test_allow_streams(1);
    caio_uring_t *e = new_engine(4, 0);
    int p[2];
    new_pipe(p);
    char buf[8] = {0};
    struct exiting_args a = {e, op(1, CAIO_OP_READ, p[0], 0, buf, sizeof(buf))};
    pthread_t t;
    pthread_create(&t, NULL, submit_and_exit, &a);
    pthread_join(t, NULL);
    pause_ms(20);
    if (write(p[1], "late", 4) != 4)
        die("write pipe");
    int64_t res[4];
    int counts[4] = {0};
    collect(e, 1, res, counts);
    caio_uring_stats_t st;
    caio_uring_stats(e, &st);
    printf("  read submitted by an exited thread: %lld, resubmitted %lu time(s)\n",
           (long long)res[1], st.retried);
    CHECK(counts[1] == 1 && res[1] == 4 && memcmp(buf, "late", 4) == 0, "result %lld",
          (long long)res[1]);

    /* Cancelled by Java as well: -ECANCELED, not resubmitted. */
    pthread_create(&t, NULL, submit_and_exit, &a);
    pthread_join(t, NULL);
    caio_uring_cancel(e, 1);
    collect(e, 1, res, counts);
    CHECK(counts[1] == 2 && res[1] == -ECANCELED, "cancelled read %lld", (long long)res[1]);
    check_idle(e, "after exited submitter");
    close(p[0]);
    close(p[1]);
    caio_uring_test_allow_streams(0);
    finish(e);
}
