/*
 * test_thread_pool.c - drives the thread pool engine (caio_thread_*.c) directly, without a JVM,
 * so races and memory errors show up under ASan/UBSan and valgrind.
 * Workers are pinned with the pread gate of test_support.c, which is what
 * makes "still queued" (cancel, shutdown) testable without timing luck.
 * The inline-read tests are in test_thread_inline.c.
 */
#define _GNU_SOURCE
#include "test_support.h"
#include "caio_thread_pool_int.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_create_limits(void)
{
    int err;
    const char *what;
    int bad[][2] = {{0, 1}, {1, 0}, {CAIO_POOL_MAX_REQUESTS + 1, 1}, {1, CAIO_POOL_MAX_THREADS + 1}, {-5, 4}};
    for (int i = 0; i < (int)(sizeof(bad) / sizeof(bad[0])); i++) {
        CHECK(caio_pool_create(bad[i][0], bad[i][1], &err, &what) == NULL, "case %d", i);
        CHECK(err == EINVAL, "case %d err %d", i, err);
    }
    CHECK(caio_pool_create(4, 1 | (CAIO_POOL_INLINE_READS << 1), &err, &what) == NULL && err == EINVAL,
          "unknown flag");
}

static void test_round_trip(void)
{
    caio_pool_t *p = new_pool(16, 4);
    int fd = temp_file();
    const int64_t offs[3] = {0, 8192, 1};
    const size_t lens[3] = {4096, 5000, 3};
    unsigned char *w[3], *r[3];
    int64_t res[16];
    alloc_pattern_buffers(3, offs, lens, w, r);
    /* Offset 1 overlaps the first write: write it after, in its own batch. */
    caio_op_t ops[3];
    for (int i = 0; i < 2; i++)
        ops[i] = op(i, CAIO_OP_WRITE, fd, offs[i], w[i], lens[i]);
    ops[2] = op(2, CAIO_OP_WRITE, fd, 20000, NULL, 0); /* empty write, NULL buffer */
    submit_ok(p, ops, 3);
    collect(p, 3, res, NULL);
    CHECK(res[0] == 4096 && res[1] == 5000 && res[2] == 0, "writes %lld %lld %lld",
          (long long)res[0], (long long)res[1], (long long)res[2]);
    memcpy(w[2], "xyz", 3);
    ops[0] = op(3, CAIO_OP_WRITE, fd, offs[2], w[2], lens[2]);
    ops[1] = op(4, CAIO_OP_FSYNC, fd, 0, NULL, 0);
    ops[2] = op(5, CAIO_OP_FDSYNC, fd, 0, NULL, 0);
    submit_ok(p, ops, 3);
    collect(p, 3, res, NULL);
    CHECK(res[3] == 3 && res[4] == 0 && res[5] == 0, "write/fsync/fdatasync %lld %lld %lld",
          (long long)res[3], (long long)res[4], (long long)res[5]);
    w[0][1] = 'x', w[0][2] = 'y', w[0][3] = 'z';

    for (int i = 0; i < 3; i++)
        ops[i] = op(6 + i, CAIO_OP_READ, fd, offs[i], r[i], lens[i]);
    submit_ok(p, ops, 3);
    collect(p, 3, res, NULL);
    check_reads(3, &res[6], lens, r, w);
    free_buffers(3, w, r);
    close(fd);
    finish(p);
}

static void test_eof_and_errors(void)
{
    caio_pool_t *p = new_pool(8, 2);
    int fd = temp_file(), dirfd, closed;
    char buf[64];
    int64_t res[8];
    eof_fixture(fd, "/tmp", &dirfd, &closed);
    caio_op_t ops[7];
    eof_ops(ops, fd, closed, dirfd, buf, sizeof(buf));
    submit_ok(p, ops, 7);
    collect(p, 7, res, NULL);
    check_eof_reads(res);
    CHECK(res[3] == -EBADF && res[4] == -EBADF && res[6] == -EBADF, "EBADF %lld %lld %lld",
          (long long)res[3], (long long)res[4], (long long)res[6]);
    CHECK(res[5] == -EISDIR, "dir read %lld", (long long)res[5]);

    /* Rejected batches must leave no trace: no slot claimed, nothing run. */
    check_rejected_batches(&caio_thread_ops, p, fd, buf);
    caio_pool_stats_t st;
    caio_pool_stats(p, &st);
    CHECK(st.queued == 0 && st.completions_pending == 0, "rejected batch left work behind");
    caio_op_t again = op(1, CAIO_OP_READ, fd, 0, buf, 1);
    submit_ok(p, &again, 1); /* slot 1 must still be free */
    collect(p, 1, res, NULL);
    CHECK(res[1] == 1, "read after rejected batches %lld", (long long)res[1]);
    close(dirfd);
    close(fd);
    finish(p);
}

/* What pread(2)/pwrite(2) refuse with ESPIPE - an empty FIFO, a socket, an
 * eventfd - fails so here at any offset, without waiting for data and
 * without writing into it; a directory gives EISDIR and EBADF.  The same
 * errnos as io_uring's and Linux AIO's engines give. */
static void test_no_positional_io(void)
{
    enum { N = 16 };
    caio_pool_t *p = new_pool(N, 2);
    streams_t st;
    streams_open(&st, 1); /* a read of the eventfd would take the 1 */
    int *sv = st.sock, efd = st.efd, ff = st.fifo, dirfd = st.dir;
    char buf[N][8];
    int64_t res[N];
    caio_op_t ops[] = {
        op(0, CAIO_OP_READ, ff, 0, buf[0], 8),     op(1, CAIO_OP_READ, ff, 4096, buf[1], 8),
        op(2, CAIO_OP_WRITE, ff, 7, "ab", 2),      op(3, CAIO_OP_READ, sv[0], 0, buf[3], 8),
        op(4, CAIO_OP_WRITE, sv[1], 0, "ab", 2),   op(5, CAIO_OP_READ, efd, 0, buf[5], 8),
        op(6, CAIO_OP_WRITE, efd, 0, "\1\0\0\0\0\0\0\0", 8), op(7, CAIO_OP_READ, dirfd, 0, buf[7], 8),
        op(8, CAIO_OP_WRITE, dirfd, 0, "ab", 2),
    };
    submit_ok(p, ops, 9);
    collect(p, 9, res, NULL);
    for (int i = 0; i < 7; i++)
        CHECK(res[i] == -ESPIPE, "slot %d: %lld", i, (long long)res[i]);
    CHECK(res[7] == -EISDIR && res[8] == -EBADF, "directory %lld %lld", (long long)res[7],
          (long long)res[8]);
    uint64_t count = 0;
    CHECK(waiting(ff) == 0 && waiting(sv[0]) == 0, "a refused write went through: fifo %d socket %d",
          waiting(ff), waiting(sv[0]));
    CHECK(read(efd, &count, sizeof(count)) == sizeof(count) && count == 1, "eventfd counter %llu",
          (unsigned long long)count);
    streams_close(&st);
    finish(p);
}

static void test_cancel(void)
{
    enum { N = 100 };
    caio_pool_t *p = new_pool(128, 1);
    int fd = temp_file(), gate = dup(fd);
    char data[N], one[N + 1];
    int64_t res[128];
    int counts[128] = {0};
    for (int i = 0; i < N; i++)
        data[i] = (char)i;
    if (pwrite(fd, data, N, 0) != N)
        die("pwrite");
    gate_close(gate);
    caio_op_t ops[N + 1];
    ops[0] = op(0, CAIO_OP_READ, gate, 0, &one[N], 1);
    submit_ok(p, ops, 1);
    gate_wait_blocked(1); /* the only worker is now busy with slot 0 */
    for (int i = 1; i <= N; i++)
        ops[i] = op(i, CAIO_OP_READ, fd, i - 1, &one[i - 1], 1);
    submit_ok(p, &ops[1], N);

    /* Cancel 1..80 in an order that unlinks from head, tail and middle. */
    for (int i = 80; i >= 1; i -= 2)
        CHECK(caio_pool_cancel(p, i) == 1, "cancel %d", i);
    for (int i = 1; i <= 80; i += 2)
        CHECK(caio_pool_cancel(p, i) == 1, "cancel %d", i);
    for (int i = 1; i <= 80; i++)
        CHECK(caio_pool_cancel(p, i) == 0, "second cancel %d", i);
    CHECK(caio_pool_cancel(p, 0) == 0, "running request cannot be cancelled");
    CHECK(caio_pool_cancel(p, 127) == 0, "unused slot");
    CHECK(caio_pool_cancel(p, -1) == -EINVAL && caio_pool_cancel(p, 128) == -EINVAL, "range");
    int bad;
    CHECK(caio_pool_submit(p, &ops[5], 1, &bad) == -EBUSY, "cancelled but unreaped slot is busy");

    gate_release();
    collect(p, N + 1, res, counts);
    CHECK(res[0] == 1 && counts[0] == 1, "gated read %lld", (long long)res[0]);
    for (int i = 1; i <= N; i++) {
        int64_t want = i <= 80 ? -ECANCELED : 1;
        CHECK(res[i] == want && counts[i] == 1, "slot %d result %lld count %d", i,
              (long long)res[i], counts[i]);
        if (i > 80)
            CHECK(one[i - 1] == (char)(i - 1), "slot %d data", i);
    }
    caio_pool_stats_t st;
    caio_pool_stats(p, &st);
    CHECK(st.completions_pending == 0 && st.queued == 0, "leftovers after cancel");
    close(gate);
    close(fd);
    finish(p);
}

static void *reap_until_end(void *arg)
{
    return (void *)engine_reap_until_end(&caio_thread_ops, arg, 3);
}

/* A reaper blocked on an idle pool is released by shutdown, and destroy
 * without shutdown still joins and frees everything; base is the number
 * of threads without a pool. */
static void check_idle_shutdown(int base)
{
    caio_pool_t *p = new_pool(4, 2);
    pthread_t reaper;
    pthread_create(&reaper, NULL, reap_until_end, p);
    pause_ms(20);
    CHECK(shutdown_joined(p) == 0, "shutdown idle");
    void *n;
    pthread_join(reaper, &n);
    CHECK(n == NULL, "idle reaper got completions");
    CHECK(caio_pool_destroy(p) == 0, "destroy");

    /* destroy without shutdown still joins and frees everything. */
    p = new_pool(4, 3);
    CHECK(caio_pool_destroy(p) == 0, "destroy running pool");
    CHECK(count_threads() == base, "threads after destroy %d", count_threads());
}


static void test_shutdown_with_queued_work(void)
{
    enum { W = 4, Q = 200 };
    int base = count_threads();
    caio_pool_t *p = new_pool(256, W);
    caio_pool_stats_t st;
    caio_pool_stats(p, &st);
    CHECK(st.threads >= 1 && st.threads <= W && count_threads() == base + st.threads,
          "threads %d (%d in stats), base %d", count_threads(), st.threads, base);
    int fd = temp_file(), gate = dup(fd);
    char buf[W + Q];
    int64_t res[256];
    int counts[256] = {0};
    if (pwrite(fd, "abcdefgh", 8, 0) != 8)
        die("pwrite");
    gate_close(gate);
    caio_op_t ops[W + Q];
    for (int i = 0; i < W; i++)
        ops[i] = op(i, CAIO_OP_READ, gate, i, &buf[i], 1);
    submit_ok(p, ops, W);
    gate_wait_blocked(W); /* the pool grew to its bound for them */
    CHECK(count_threads() == base + W, "threads %d, expected %d", count_threads(), base + W);
    for (int i = W; i < W + Q; i++)
        ops[i] = op(i, CAIO_OP_READ, fd, 0, &buf[i], 1);
    submit_ok(p, &ops[W], Q);

    pthread_t t2;
    pthread_t t1 = start_shutdown(p, &st);
    pthread_create(&t2, NULL, shutdown_thread, p); /* concurrent, must also wait */
    CHECK(st.queued == 0 && st.completions_pending == Q, "queued %d pending %d", st.queued,
          st.completions_pending);
    int bad;
    CHECK(caio_pool_submit(p, ops, 1, &bad) == -ESHUTDOWN, "submit after shutdown");
    pause_ms(20);
    caio_pool_stats(p, &st);
    CHECK(!st.terminated, "terminated while workers still run");

    gate_release();
    void *r1, *r2;
    pthread_join(t1, &r1);
    pthread_join(t2, &r2);
    CHECK(r1 == NULL && r2 == NULL, "shutdown results");
    CHECK(count_threads() == base, "workers not joined: %d threads, expected %d",
          count_threads(), base);
    collect(p, W + Q, res, counts);
    for (int i = 0; i < W + Q; i++) {
        int64_t want = i < W ? 1 : -ECANCELED;
        CHECK(res[i] == want && counts[i] == 1, "slot %d result %lld count %d", i,
              (long long)res[i], counts[i]);
    }
    CHECK(memcmp(buf, "abcd", W) == 0, "gated reads data");
    CHECK(shutdown_joined(p) == 0, "idempotent shutdown");
    finish(p);
    close(gate);
    close(fd);

    check_idle_shutdown(base);
}

/* Work that waits for the device grows the pool to its bound and no
 * further; idle, it shrinks back to one thread per core.  Buffered writes
 * (page-cache copies) never grow it. */
static void test_grows_and_shrinks(void)
{
    enum { BOUND = 4, N = 8 };
    int base = count_threads();
    int64_t idle_before = caio_pool_idle_ns;
    caio_pool_idle_ns = 50 * 1000000LL;
    caio_pool_t *p = new_pool(16, BOUND);
    caio_pool_stats_t st;
    caio_pool_stats(p, &st);
    int min = st.threads;
    CHECK(min >= 1 && min <= BOUND, "initial threads %d", min);

    int fd = temp_file(), gate = dup(fd);
    char buf[N], wbuf[N * 512];
    memset(wbuf, 'w', sizeof(wbuf));
    if (pwrite(fd, "abcdefgh", N, 0) != N)
        die("pwrite");
    caio_op_t ops[2 * N];
    for (int i = 0; i < N; i++)
        ops[i] = op(i, CAIO_OP_WRITE, fd, 4096 + i * 512, &wbuf[i * 512], 512);
    submit_ok(p, ops, N);
    caio_pool_stats(p, &st);
    CHECK(st.threads == min, "buffered writes grew the pool to %d", st.threads);
    int64_t res[16];
    collect(p, N, res, NULL);

    gate_close(gate);
    for (int i = 0; i < N; i++)
        ops[i] = op(i, CAIO_OP_READ, gate, i, &buf[i], 1);
    submit_ok(p, ops, N);
    gate_wait_blocked(BOUND);
    caio_pool_stats(p, &st);
    CHECK(st.threads == BOUND && st.queued == N - BOUND, "threads %d queued %d", st.threads, st.queued);
    CHECK(count_threads() == base + BOUND, "threads %d, base %d", count_threads(), base);
    gate_release();
    collect(p, N, res, NULL);
    for (int i = 0; i < N; i++)
        CHECK(res[i] == 1 && buf[i] == "abcdefgh"[i], "read %d: %lld", i, (long long)res[i]);

    for (int waited = 0; waited < 5000; waited += 10) {
        caio_pool_stats(p, &st);
        if (st.threads == min)
            break;
        pause_ms(10);
    }
    CHECK(st.threads == min, "still %d threads after idling, expected %d", st.threads, min);
    pause_ms(20); /* the last leaver's final instructions */
    CHECK(count_threads() == base + min, "threads %d, expected %d", count_threads(), base + min);
    finish(p);
    CHECK(count_threads() == base, "threads %d after finish, base %d", count_threads(), base);
    caio_pool_idle_ns = idle_before;
    close(gate);
    close(fd);
}

enum { SUBMITTERS = 4, PER = 256, BATCH = 32, ROUNDS = 24, CHUNK = 512 };
static caio_pool_t *mp;
static int mfd;
static _Atomic int done_flag[SUBMITTERS * PER];
static int64_t mres[SUBMITTERS * PER];
static completion_board_t board = {&caio_thread_ops, NULL, 64, done_flag, mres};

static void *many_submitter(void *arg)
{
    int t = (int)(intptr_t)arg;
    unsigned char *buf = malloc((size_t)BATCH * CHUNK);
    caio_op_t ops[BATCH];
    for (int pass = 0; pass < 2; pass++) {
        for (int r = 0; r < ROUNDS; r++) {
            int first = t * PER + (r % (PER / BATCH)) * BATCH;
            int64_t base = ((int64_t)(t * ROUNDS + r) * BATCH) * CHUNK;
            for (int k = 0; k < BATCH; k++) {
                unsigned char *b = buf + (size_t)k * CHUNK;
                for (int j = 0; j < CHUNK; j++)
                    b[j] = pass == 0 ? pattern(base + k * CHUNK + j) : 0;
                ops[k] = op(first + k, pass == 0 ? CAIO_OP_WRITE : CAIO_OP_READ, mfd,
                            base + k * CHUNK, b, CHUNK);
            }
            submit_ok(mp, ops, BATCH);
            completion_board_wait(&board, first, BATCH, CHUNK);
            for (int j = 0; pass == 1 && j < BATCH * CHUNK; j++) {
                if (buf[j] != pattern(base + j)) {
                    CHECK(0, "thread %d round %d byte %d", t, r, j);
                    break;
                }
            }
        }
    }
    free(buf);
    return NULL;
}

static void test_many_submitters(void)
{
    mp = new_pool(SUBMITTERS * PER, 8);
    board.engine = mp;
    mfd = temp_file();
    pthread_t reaper, sub[SUBMITTERS];
    pthread_create(&reaper, NULL, completion_board_reaper, &board);
    for (intptr_t t = 0; t < SUBMITTERS; t++)
        pthread_create(&sub[t], NULL, many_submitter, (void *)t);
    for (int t = 0; t < SUBMITTERS; t++)
        pthread_join(sub[t], NULL);
    CHECK(shutdown_joined(mp) == 0, "shutdown");
    void *total;
    pthread_join(reaper, &total);
    CHECK((intptr_t)total == 2 * SUBMITTERS * ROUNDS * BATCH, "completions %ld",
          (long)(intptr_t)total);
    CHECK(caio_pool_destroy(mp) == 0, "destroy");
    close(mfd);
}

#define INLINE_VARIANT(name)                                                 \
    static void name##_inline(void)                                          \
    {                                                                        \
        pool_flags = CAIO_POOL_INLINE_READS;                                 \
        name();                                                              \
        pool_flags = 0;                                                      \
    }
INLINE_VARIANT(test_round_trip)
INLINE_VARIANT(test_eof_and_errors)
INLINE_VARIANT(test_no_positional_io)
INLINE_VARIANT(test_many_submitters)

int main(void)
{
    static const caio_test_t tests[] = {
        {"create_limits", test_create_limits},
        {"round_trip", test_round_trip},
        {"eof_and_errors", test_eof_and_errors},
        {"no_positional_io", test_no_positional_io},
        {"cancel", test_cancel},
        {"shutdown_with_queued_work", test_shutdown_with_queued_work},
        {"many_submitters", test_many_submitters},
        {"grows_and_shrinks", test_grows_and_shrinks},
        {"inline_reads", test_inline_reads},
        {"submitter_keeps_half", test_submitter_keeps_half},
        {"round_trip_inline", test_round_trip_inline},
        {"eof_and_errors_inline", test_eof_and_errors_inline},
        {"no_positional_io_inline", test_no_positional_io_inline},
        {"many_submitters_inline", test_many_submitters_inline},
    };
    return run_tests(tests, sizeof(tests) / sizeof(tests[0]), 120);
}
