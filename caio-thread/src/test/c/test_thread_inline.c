/*
 * test_thread_inline.c - the pool's inline page-cache reads
 * (CAIO_POOL_INLINE_READS): run by the submitter, handed to a worker when
 * they would wait, kept by the submitter in big batches.
 */
#define _GNU_SOURCE
#include "test_support.h"
#include "caio_thread_pool_int.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Waits until every worker sleeps: a worker still spinning after
 * start-up or a job may take a queued cached read itself (legitimately),
 * which the exact counts below must not see. */
static void wait_workers_asleep(caio_pool_t *p)
{
    caio_pool_stats_t st;
    for (caio_pool_stats(p, &st); st.idle_workers < st.threads; caio_pool_stats(p, &st))
        pause_ms(1);
}

/* Partly "cached": 30 bytes inline, the rest by a worker (no cancel now);
 * data is what fd holds. */
static void check_resumed_read(caio_pool_t *p, int fd, const char *data)
{
    char buf[100] = {0};
    int64_t res[64];
    int counts[64] = {0};
    int refused = dup(fd);
    nowait_refuse(refused, 30);
    caio_op_t rd = op(0, CAIO_OP_READ, refused, 1000, buf, 100);
    gate_close(refused); /* hold the worker, so cancel sees it queued */
    submit_ok(p, &rd, 1);
    gate_wait_blocked(1);
    CHECK(nowait_calls == 2, "inline attempts %d", (int)nowait_calls);
    CHECK(caio_pool_cancel(p, 0) == 0, "a read already begun is not cancelled");
    gate_release();
    collect(p, 1, res, counts);
    CHECK(res[0] == 100 && memcmp(buf, data + 1000, 100) == 0, "resumed read %lld",
          (long long)res[0]);
    nowait_refuse(-1, 0);
    close(refused);
}

/* O_DIRECT never runs inline: RWF_NOWAIT would still wait for the device. */
static void check_direct_not_inline(caio_pool_t *p)
{
    int direct = open("/var/tmp", O_TMPFILE | O_RDWR | O_DIRECT, 0600);
    if (direct < 0)
        return;
    void *aligned = NULL;
    int64_t res[64];
    caio_completion_t got[64];
    if (posix_memalign(&aligned, 4096, 4096) != 0)
        die("posix_memalign");
    memset(aligned, 0x5a, 4096);
    if (pwrite(direct, aligned, 4096, 0) != 4096)
        die("pwrite O_DIRECT");
    gate_close(direct);
    caio_op_t rd = op(2, CAIO_OP_READ, direct, 0, aligned, 4096);
    submit_ok(p, &rd, 1);
    gate_wait_blocked(1); /* a worker, not the submitter, is in pread */
    CHECK(caio_pool_poll(p, got, 64) == 0, "O_DIRECT read ran inline");
    gate_release();
    collect(p, 1, res, NULL);
    CHECK(res[2] == 4096, "O_DIRECT read %lld", (long long)res[2]);
    free(aligned);
    close(direct);
}

/* Inline mode: cached reads finish inside submit; what would block (here:
 * a refused RWF_NOWAIT, after partial progress) and O_DIRECT go to the
 * workers, which resume where the inline attempt stopped. */
void test_inline_reads(void)
{
    enum { N = 40 };
    pool_flags = CAIO_POOL_INLINE_READS;
    caio_pool_t *p = new_pool(64, 2);
    int fd = temp_file();
    char data[8192], buf[N][100];
    int64_t res[64];
    for (int i = 0; i < (int)sizeof(data); i++)
        data[i] = (char)(i * 7);
    if (pwrite(fd, data, sizeof(data), 0) != (ssize_t)sizeof(data))
        die("pwrite");
    caio_op_t ops[N];
    for (int i = 0; i < N; i++)
        ops[i] = op(i, CAIO_OP_READ, fd, 100 * i, buf[i], 100);
    wait_workers_asleep(p);
    submit_ok(p, ops, N);
    caio_completion_t got[64];
    /* No reaper, no worker awake: the submitter ran every read. */
    CHECK(caio_pool_poll(p, got, 64) == N, "reads done inline");
    for (int i = 0; i < N; i++)
        CHECK(memcmp(buf[i], data + 100 * i, 100) == 0, "inline data %d", i);

    /* Collected: the first 10 come straight back, the rest through the done queue. */
    int bad;
    memset(buf, 0, sizeof(buf));
    wait_workers_asleep(p);
    CHECK(caio_pool_submit_collect(p, ops, N, &bad, got, 10) == 10, "collected inline");
    for (int i = 0; i < 10; i++)
        CHECK(got[i].slot == i && got[i].result == 100, "collected %d: slot %d result %lld", i,
              (int)got[i].slot, (long long)got[i].result);
    CHECK(caio_pool_poll(p, got, 64) == N - 10, "the rest in the done queue");
    for (int i = 0; i < N; i++)
        CHECK(memcmp(buf[i], data + 100 * i, 100) == 0, "collected data %d", i);

    check_resumed_read(p, fd, data);

    /* Past EOF inline: a short count, like the blocking path. */
    ops[0] = op(1, CAIO_OP_READ, fd, 8150, buf[1], 100);
    submit_ok(p, ops, 1);
    collect(p, 1, res, NULL);
    CHECK(res[1] == 42, "short read at EOF %lld", (long long)res[1]);

    check_direct_not_inline(p);
    close(fd);
    finish(p);
    pool_flags = 0;
}

typedef struct {
    caio_pool_t *p;
    const caio_op_t *ops;
    int n, rc;
} submit_args_t;

static void *submit_thread(void *arg)
{
    submit_args_t *a = arg;
    int bad;
    a->rc = caio_pool_submit(a->p, a->ops, a->n, &bad);
    return NULL;
}

/* Kept reads that would wait for the device (here: a refused RWF_NOWAIT,
 * after 30 bytes of the first) still reach a worker, resumed; data is what
 * fd holds. */
static void check_kept_reads_resumed(caio_pool_t *p, int fd, const char *data)
{
    enum { N = 16 };
    char buf[N][100];
    int64_t res[64];
    caio_op_t ops[N];
    int refused = dup(fd);
    nowait_refuse(refused, 30); /* the first attempt gets 30 bytes, every later one EAGAIN */
    for (int i = 0; i < N; i++)
        ops[i] = op(i, CAIO_OP_READ, refused, 100 * i, buf[i], 100);
    memset(buf, 0, sizeof(buf));
    wait_workers_asleep(p);
    submit_ok(p, ops, N);
    collect(p, N, res, NULL);
    for (int i = 0; i < N; i++)
        CHECK(res[i] == 100 && memcmp(buf[i], data + 100 * i, 100) == 0, "refused read %d: %lld", i,
              (long long)res[i]);
    CHECK(nowait_calls >= N / 2 + 1, "each kept read was tried inline first (%d attempts)", (int)nowait_calls);
    nowait_refuse(-1, 0);
    close(refused);
}

/* A batch of 8 or more cached reads: the submitter runs the first half
 * itself, outside the queue.  A kept read that would wait for the device
 * still reaches a worker, resumed; kept reads are past cancel; shutdown
 * waits for them, and they complete with their data while the queued half
 * is cancelled. */
void test_submitter_keeps_half(void)
{
    enum { N = 16 };
    /* A second core to share with, on any host (one core never shares). */
    static const caio_share_t two_cores = {.cores = 2, .syscall_ns = 100, .copy_ns = 100};
    pool_flags = CAIO_POOL_INLINE_READS;
    caio_pool_t *p = new_pool(64, 2);
    p->share = &two_cores;
    int fd = temp_file();
    char data[N * 100], buf[N][100];
    int64_t res[64];
    for (int i = 0; i < (int)sizeof(data); i++)
        data[i] = (char)(i * 13);
    if (pwrite(fd, data, sizeof(data), 0) != (ssize_t)sizeof(data))
        die("pwrite");
    caio_op_t ops[N];

    check_kept_reads_resumed(p, fd, data);

    int gate = dup(fd);
    for (int i = 0; i < N; i++)
        ops[i] = op(i, CAIO_OP_READ, gate, 100 * i, buf[i], 100);
    memset(buf, 0, sizeof(buf));
    wait_workers_asleep(p);
    gate_close(gate);
    gate_inline(1);
    submit_args_t a = {p, ops, N, -1};
    pthread_t submitter;
    pthread_create(&submitter, NULL, submit_thread, &a);
    gate_wait_blocked(1); /* the submitter, in its first kept read */
    CHECK(caio_pool_cancel(p, 0) == 0, "a kept read is past cancel");
    CHECK(caio_pool_cancel(p, N - 1) == 1, "a queued read is cancelled");
    caio_pool_stats_t st;
    pthread_t stopper = start_shutdown(p, &st);
    pause_ms(20);
    caio_pool_stats(p, &st);
    CHECK(!st.terminated, "terminated while the submitter still ran its kept reads");
    gate_release();
    gate_inline(0);
    pthread_join(submitter, NULL);
    pthread_join(stopper, NULL);
    CHECK(a.rc == 0, "submit %d", a.rc);
    caio_completion_t got[64];
    int n = caio_pool_poll(p, got, 64);
    CHECK(n == N, "completions %d", n);
    for (int i = 0; i < n; i++)
        res[got[i].slot] = got[i].result;
    /* A queued read is cancelled by shutdown unless a worker took it first: workers sleep on a condition
     * variable, which may wake spuriously (valgrind's scheduler makes that likelier), and a worker awake runs
     * what it finds. So a queued read ends either cancelled or complete and correct; the one cancelled by
     * hand is always cancelled. */
    for (int i = 0; i < N; i++) {
        int done = res[i] == 100 && memcmp(buf[i], data + 100 * i, 100) == 0;
        if (i < N / 2)
            CHECK(done, "kept read %d: %lld", i, (long long)res[i]);
        else if (i == N - 1)
            CHECK(res[i] == -ECANCELED, "read %d cancelled by hand: %lld", i, (long long)res[i]);
        else
            CHECK(res[i] == -ECANCELED || done, "queued read %d: %lld", i, (long long)res[i]);
    }
    close(gate);
    close(fd);
    engine_finish_after_shutdown(&caio_thread_ops, p);
    pool_flags = 0;
}
