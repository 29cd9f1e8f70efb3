/*
 * test_uring_await.c - a thread waiting in the ring for its own request
 * (caio_uring_await): it gets the completion, nobody takes it from under
 * it (a reaper runs meanwhile), a second waiter and a request not in the
 * kernel get 0 at once, and cancel and shutdown wake it.  Requests are
 * parked on an empty pipe (see test_uring_cancel.c) and, where the file
 * system has O_DIRECT, a real device read is awaited too.
 */
#define _GNU_SOURCE
#include "test_support.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct parked {
    caio_uring_t *e;
    int p[2];
    char buf[4][16];
} parked_t;

static void park_reads(parked_t *pk, int n)
{
    if (pipe2(pk->p, O_CLOEXEC) != 0)
        die("pipe2");
    memset(pk->buf, 0, sizeof(pk->buf));
    caio_op_t ops[4];
    for (int i = 0; i < n; i++)
        ops[i] = op(i, CAIO_OP_READ, pk->p[0], 0, pk->buf[i], sizeof(pk->buf[i]));
    submit_ok(pk->e, ops, n);
}

typedef struct waiter {
    caio_uring_t *e;
    int slot;
    int n;
    caio_completion_t out[4];
} waiter_t;

static void *await_thread(void *arg)
{
    waiter_t *w = arg;
    w->n = caio_uring_await(w->e, w->slot, w->out, 4);
    return NULL;
}

static void *writer_after_pause(void *arg)
{
    parked_t *pk = arg;
    pause_ms(50);
    if (write(pk->p[1], "12345678", 8) != 8)
        die("write");
    return NULL;
}

static caio_uring_t *reaped_engine;
static _Atomic int reaped;
static void *reaper(void *arg)
{
    (void)arg;
    caio_completion_t c[4];
    int n;
    while ((n = caio_uring_reap(reaped_engine, c, 4)) >= 0)
        atomic_fetch_add(&reaped, n);
    return NULL;
}

/* The waiter gets its completion though a reaper runs all along. */
static void check_await_delivers(void)
{
    parked_t pk = {.e = new_engine(8, 0)};
    reaped_engine = pk.e;
    atomic_store(&reaped, 0);
    pthread_t rt, wt;
    pthread_create(&rt, NULL, reaper, NULL);
    park_reads(&pk, 1);
    pthread_create(&wt, NULL, writer_after_pause, &pk);
    waiter_t w = {.e = pk.e, .slot = 0};
    await_thread(&w);
    pthread_join(wt, NULL);
    CHECK(w.n == 1 && w.out[0].slot == 0 && w.out[0].result == 8, "awaited %d: slot %d result %lld", w.n,
          w.out[0].slot, (long long)w.out[0].result);
    CHECK(memcmp(pk.buf[0], "12345678", 8) == 0, "bytes read");
    CHECK(atomic_load(&reaped) == 0, "the reaper took %d completions from the waiter", atomic_load(&reaped));
    caio_uring_shutdown(pk.e);
    pthread_join(rt, NULL);
    close(pk.p[0]);
    close(pk.p[1]);
    finish(pk.e);
}

/* A second waiter gets 0 at once; a cancel wakes the first with -ECANCELED. */
static void check_cancel_wakes(void)
{
    parked_t pk = {.e = new_engine(8, 0)};
    park_reads(&pk, 2);
    waiter_t w = {.e = pk.e, .slot = 0};
    pthread_t wt;
    pthread_create(&wt, NULL, await_thread, &w);
    pause_ms(30);
    caio_completion_t out[4];
    CHECK(caio_uring_await(pk.e, 1, out, 4) == 0, "a second waiter waits on its future instead");
    CHECK(caio_uring_cancel(pk.e, 0) == 0, "cancel");
    pthread_join(wt, NULL);
    CHECK(w.n == 1 && w.out[0].slot == 0 && w.out[0].result == -ECANCELED, "woken by cancel: %d, %lld", w.n,
          (long long)w.out[0].result);
    /* Shutdown while one waits: it returns, and the request is reported once. */
    w = (waiter_t){.e = pk.e, .slot = 1};
    pthread_create(&wt, NULL, await_thread, &w);
    pause_ms(30);
    caio_uring_shutdown(pk.e);
    pthread_join(wt, NULL);
    int64_t res[8];
    int counts[8] = {0};
    int left = w.n == 1 ? 0 : 1;
    CHECK(w.n <= 1, "shutdown woke the waiter with %d", w.n);
    if (left > 0)
        collect(pk.e, 1, res, counts);
    else {
        res[1] = w.out[0].result;
        counts[1] = 1;
    }
    CHECK(counts[1] == 1 && res[1] == -ECANCELED, "read at shutdown: %lld", (long long)res[1]);
    close(pk.p[0]);
    close(pk.p[1]);
    finish(pk.e);
}

/* A real device read, where /var/tmp takes O_DIRECT. */
static void check_await_direct(void)
{
    int fd = direct_temp_file();
    if (fd < 0)
        return;
    caio_uring_t *e = new_engine(8, 0);
    unsigned char *buf = aligned_alloc(4096, 8192);
    memset(buf, 'd', 8192);
    caio_op_t w = op(0, CAIO_OP_WRITE, fd, 0, buf, 8192);
    submit_ok(e, &w, 1);
    int64_t res[8];
    collect(e, 1, res, NULL);
    CHECK(res[0] == 8192, "direct write %lld", (long long)res[0]);
    for (int round = 0; round < 100; round++) {
        memset(buf, 0, 4096);
        caio_op_t r = op(1, CAIO_OP_READ, fd, 4096, buf, 4096);
        submit_ok(e, &r, 1);
        caio_completion_t out[4];
        int n = caio_uring_await(e, 1, out, 4);
        if (n == 0) /* it completed inside the submit: collect it as usual */
            collect(e, 1, res, NULL);
        else {
            CHECK(n == 1 && out[0].slot == 1, "awaited %d", n);
            res[1] = out[0].result;
        }
        CHECK(res[1] == 4096 && buf[0] == 'd' && buf[4095] == 'd', "direct read %lld", (long long)res[1]);
    }
    free(buf);
    close(fd);
    check_idle(e, "await direct");
    finish(e);
}

/* Without blocking: what await answers at once. */
static void check_await_refuses(void)
{
    caio_uring_t *e = new_engine(8, 0);
    caio_completion_t out[4];
    CHECK(caio_uring_await(e, 5, out, 4) == 0, "a free slot is not awaited");
    CHECK(caio_uring_await(e, 8, out, 4) == -EINVAL && caio_uring_await(e, -1, out, 4) == -EINVAL, "slot range");
    int fd = temp_file();
    char buf[8] = "written";
    caio_op_t w = op(2, CAIO_OP_WRITE, fd, 0, buf, sizeof(buf));
    submit_ok(e, &w, 1);
    /* A buffered write the submitter copied posts no CQE: never awaited. */
    int n = caio_uring_await(e, 2, out, 4);
    CHECK(n == 0 || (n == 1 && out[0].slot == 2 && out[0].result == 8), "copied write: %d", n);
    if (n == 0) {
        int64_t res[8];
        collect(e, 1, res, NULL);
    }
    close(fd);
    finish(e);
}

void test_await_here(void)
{
    check_await_refuses();
    if (getenv("CAIO_TEST_UNDER_VALGRIND") != NULL) {
        printf("  under valgrind: waits in io_uring_enter skipped (valgrind's lock stays held there)\n");
        return;
    }
    caio_uring_test_allow_streams(1);
    check_await_delivers();
    check_cancel_wakes();
    caio_uring_test_allow_streams(0);
    check_await_direct();
}
