/*
 * test_uring_helper.c - the helper ring: big batches wait in the pending
 * queue, and the completion thread moves a share of them into its own ring.
 * The test seam caio_uring_test_defer_to_helper leaves a whole batch to the
 * helper, so that what it does (and cancel and shutdown of ops still
 * pending) is checked deterministically; the last test runs submitter and
 * completion thread against each other for real
 * (engine_check_shared_batches, which the AIO engine runs too).
 */
#define _GNU_SOURCE
#include "test_support.h"
#include "caio_uring_internal.h" /* e->chunk, CAIO_SHARE_MIN */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { H_OPS = 32, H_LEN = 4096 };

/* A file of H_OPS pattern blocks, in the page cache. */
static int pattern_file(void)
{
    int fd = temp_file();
    static unsigned char block[H_LEN];
    for (int i = 0; i < H_OPS; i++) {
        for (int k = 0; k < H_LEN; k++)
            block[k] = pattern((int64_t)i * H_LEN + k);
        if (pwrite(fd, block, H_LEN, (off_t)i * H_LEN) != H_LEN)
            die("pwrite");
    }
    return fd;
}

static void read_ops(caio_op_t *ops, int n, int fd, unsigned char (*bufs)[H_LEN])
{
    for (int i = 0; i < n; i++) {
        memset(bufs[i], 0, H_LEN);
        ops[i] = op(i, CAIO_OP_READ, fd, (int64_t)i * H_LEN, bufs[i], H_LEN);
    }
}

static int block_ok(const unsigned char *b, int i)
{
    for (int k = 0; k < H_LEN; k++)
        if (b[k] != pattern((int64_t)i * H_LEN + k))
            return 0;
    return 1;
}

static unsigned char hbuf[H_OPS][H_LEN];

/* Whether this machine shares big batches at all (caio_share_batch: not on
 * one core); the tests that count shared ops are skipped where it does not. */
static bool shares(void)
{
    if (caio_share_batch(caio_share_policy(), H_OPS))
        return true;
    printf("  skipped: one core, no batch is shared\n");
    return false;
}

/* Left to the helper, the whole batch goes through lane 1 from reap. */
static void test_helper_takes_batch(void)
{
    if (!shares())
        return;
    caio_uring_t *e = new_engine(H_OPS, 0);
    caio_uring_stats_t st;
    caio_uring_stats(e, &st);
    CHECK(st.lanes == 2, "lanes %d", st.lanes);
    int fd = pattern_file();
    caio_op_t ops[H_OPS];
    read_ops(ops, H_OPS, fd, hbuf);
    caio_uring_test_defer_to_helper(1);
    caio_completion_t c[H_OPS];
    int bad;
    int got = caio_uring_submit_collect(e, ops, H_OPS, &bad, c, H_OPS);
    CHECK(got == 0, "nothing reached a ring yet, got %d", got);
    caio_uring_stats(e, &st);
    CHECK(st.pending == H_OPS && st.ops_in_kernel == 0, "pending %d in kernel %d", st.pending,
          st.ops_in_kernel);
    int64_t res[H_OPS];
    int counts[H_OPS] = {0};
    collect(e, H_OPS, res, counts);
    caio_uring_test_defer_to_helper(0);
    for (int i = 0; i < H_OPS; i++)
        CHECK(res[i] == H_LEN && counts[i] == 1 && block_ok(hbuf[i], i), "slot %d: %lld x%d", i,
              (long long)res[i], counts[i]);
    caio_uring_stats(e, &st);
    CHECK(st.helped == H_OPS && st.pending == 0, "helped %lu pending %d", st.helped, st.pending);
    /* Small batches never wait: straight into lane 0. */
    read_ops(ops, (CAIO_SHARE_MIN - 1), fd, hbuf);
    submit_ok(e, ops, (CAIO_SHARE_MIN - 1));
    collect(e, (CAIO_SHARE_MIN - 1), res, NULL);
    caio_uring_stats(e, &st);
    CHECK(st.helped == H_OPS, "a batch of %d was shared: helped %lu", (CAIO_SHARE_MIN - 1), st.helped);
    check_idle(e, "after the helper's batch");
    close(fd);
    finish(e);
}

/* The answer is cached per fd number for a bounded number of batches: a
 * buffered file closed and its number reused for the O_DIRECT file fd is
 * shared no longer than that. */
static void check_reused_number(caio_uring_t *e, unsigned char *blocks, int fd)
{
    caio_op_t ops[H_OPS];
    int64_t res[H_OPS];
    caio_uring_stats_t st;
    int buffered = pattern_file();
    for (int i = 0; i < H_OPS; i++)
        ops[i] = op(i, CAIO_OP_READ, buffered, (int64_t)i * H_LEN, blocks + (size_t)i * H_LEN, H_LEN);
    submit_ok(e, ops, H_OPS);
    collect(e, H_OPS, res, NULL);
    int number = buffered;
    close(buffered);
    if (dup2(fd, number) == number) {
        int stale = 0;
        for (int round = 0; round < 70; round++) {
            for (int i = 0; i < H_OPS; i++)
                ops[i] = op(i, CAIO_OP_READ, number, (int64_t)i * H_LEN, blocks + (size_t)i * H_LEN, H_LEN);
            caio_uring_test_defer_to_helper(1);
            submit_ok(e, ops, H_OPS);
            caio_uring_stats(e, &st);
            stale += st.pending > 0;
            collect(e, H_OPS, res, NULL);
            caio_uring_test_defer_to_helper(0);
            for (int i = 0; i < H_OPS; i++)
                CHECK(res[i] == H_LEN, "round %d slot %d: %lld", round, i, (long long)res[i]);
        }
        caio_uring_stats(e, &st);
        CHECK(stale > 0 && stale <= 64 && st.pending == 0, "shared %d of 70 O_DIRECT batches after reuse", stale);
        printf("  a reused fd number: %d of 70 batches shared before the recheck\n", stale);
        close(number);
    }
}

/* An O_DIRECT file of H_OPS pattern blocks, and an aligned buffer of as
 * many (*blocks, holding the pattern); -1 where /var/tmp has no O_DIRECT. */
static int direct_pattern_file(unsigned char **blocks)
{
    int fd = direct_temp_file();
    if (fd < 0) {
        printf("  skipped: no O_DIRECT file in /var/tmp (%s)\n", strerror(errno));
        return -1;
    }
    *blocks = aligned_alloc(4096, (size_t)H_OPS * H_LEN);
    if (*blocks == NULL)
        die("aligned_alloc");
    for (int i = 0; i < H_OPS * H_LEN; i++)
        (*blocks)[i] = pattern(i);
    if (pwrite(fd, *blocks, (size_t)H_OPS * H_LEN, 0) != H_OPS * H_LEN)
        die("pwrite O_DIRECT");
    return fd;
}

/* An O_DIRECT batch is not shared: the kernel does not copy it inside
 * io_uring_enter, so it goes straight into lane 0 even when the seam leaves
 * shared batches to the helper. */
static void test_direct_batch_not_shared(void)
{
    unsigned char *blocks;
    int fd = direct_pattern_file(&blocks);
    if (fd < 0)
        return;
    memset(blocks, 0, (size_t)H_OPS * H_LEN);
    caio_uring_t *e = new_engine(H_OPS, 0);
    caio_op_t ops[H_OPS];
    for (int i = 0; i < H_OPS; i++)
        ops[i] = op(i, CAIO_OP_READ, fd, (int64_t)i * H_LEN, blocks + (size_t)i * H_LEN, H_LEN);
    caio_uring_test_defer_to_helper(1);
    submit_ok(e, ops, H_OPS);
    caio_uring_stats_t st;
    caio_uring_stats(e, &st);
    CHECK(st.pending == 0, "an O_DIRECT batch waited in the pending queue: %d", st.pending);
    int64_t res[H_OPS];
    int counts[H_OPS] = {0};
    collect(e, H_OPS, res, counts);
    caio_uring_test_defer_to_helper(0);
    caio_uring_stats(e, &st);
    CHECK(st.helped == 0, "helped %lu", st.helped);
    for (int i = 0; i < H_OPS; i++)
        CHECK(res[i] == H_LEN && counts[i] == 1 && block_ok(blocks + (size_t)i * H_LEN, i),
              "slot %d: %lld x%d", i, (long long)res[i], counts[i]);
    check_idle(e, "after an O_DIRECT batch");
    if (shares())
        check_reused_number(e, blocks, fd);
    free(blocks);
    close(fd);
    finish(e);
}

/* A detached op (its submitter parks in user space: a virtual thread) on an
 * O_DIRECT file goes whole to the completion thread's ring, one op at a
 * time as virtual threads submit, and so does any O_DIRECT op while others
 * are in flight; a detached page-cache read stays with its submitter, and
 * without a helper ring the flag changes nothing. */
static void test_detached_direct_ops_go_to_helper(void)
{
    unsigned char *blocks;
    int fd = direct_pattern_file(&blocks);
    if (fd < 0)
        return;
    static const int options[] = {0, CAIO_URING_OPT_NO_HELPER};
    for (int o = 0; o < 2; o++) {
        memset(blocks, 0, (size_t)H_OPS * H_LEN);
        caio_uring_t *e = new_engine(H_OPS, options[o]);
        caio_uring_stats_t st;
        caio_uring_stats(e, &st);
        unsigned long expect = st.lanes > 1 ? H_OPS : 0;
        for (int i = 0; i < H_OPS; i++) {
            caio_op_t one = op(i, CAIO_OP_READ, fd, (int64_t)i * H_LEN, blocks + (size_t)i * H_LEN, H_LEN);
            one.flags |= CAIO_OP_F_DETACHED;
            submit_ok(e, &one, 1);
        }
        int64_t res[H_OPS];
        int counts[H_OPS] = {0};
        collect(e, H_OPS, res, counts);
        for (int i = 0; i < H_OPS; i++)
            CHECK(res[i] == H_LEN && counts[i] == 1 && block_ok(blocks + (size_t)i * H_LEN, i),
                  "slot %d: %lld x%d", i, (long long)res[i], counts[i]);
        caio_uring_stats(e, &st);
        CHECK(st.helped == expect && st.pending == 0, "lanes %d: helped %lu of %d detached O_DIRECT reads",
              st.lanes, st.helped, H_OPS);

        int buffered = pattern_file();
        caio_op_t one = op(0, CAIO_OP_READ, buffered, 0, hbuf[0], H_LEN);
        one.flags |= CAIO_OP_F_DETACHED;
        submit_ok(e, &one, 1);
        collect(e, 1, res, NULL);
        CHECK(res[0] == H_LEN && block_ok(hbuf[0], 0), "detached buffered read %lld", (long long)res[0]);
        caio_uring_stats(e, &st);
        CHECK(st.helped == expect, "a detached page-cache read went to the helper: helped %lu", st.helped);
        if (st.lanes > 1 && shares()) {
            /* While other requests wait, a platform thread's O_DIRECT read
             * joins them in the completion thread's ring too. */
            caio_op_t batch[CAIO_SHARE_MIN];
            read_ops(batch, CAIO_SHARE_MIN, buffered, hbuf);
            caio_uring_test_defer_to_helper(1);
            submit_ok(e, batch, CAIO_SHARE_MIN);
            caio_op_t plain = op(CAIO_SHARE_MIN, CAIO_OP_READ, fd, 0, blocks, H_LEN);
            submit_ok(e, &plain, 1);
            caio_uring_stats(e, &st);
            CHECK(st.pending == CAIO_SHARE_MIN + 1, "pending %d: the O_DIRECT read went to lane 0", st.pending);
            collect(e, CAIO_SHARE_MIN + 1, res, NULL);
            caio_uring_test_defer_to_helper(0);
            CHECK(res[CAIO_SHARE_MIN] == H_LEN && block_ok(blocks, 0), "busy O_DIRECT read %lld",
                  (long long)res[CAIO_SHARE_MIN]);
            /* Idle again: a lone one stays in lane 0, where its thread can wait. */
            submit_ok(e, &plain, 1);
            caio_uring_stats(e, &st);
            CHECK(st.pending == 0, "a lone O_DIRECT read waited: pending %d", st.pending);
            collect(e, 1, res, NULL);
        }
        check_idle(e, "after detached reads");
        close(buffered);
        finish(e);
    }
    free(blocks);
    close(fd);
}

/* A pending op is cancelled on the spot (1) and never reaches a ring;
 * shutdown fails every op still pending with -ECANCELED. */
static void test_pending_cancel_and_shutdown(void)
{
    if (!shares())
        return;
    caio_uring_t *e = new_engine(H_OPS, 0);
    int fd = pattern_file();
    caio_op_t ops[H_OPS];
    read_ops(ops, 16, fd, hbuf);
    caio_uring_test_defer_to_helper(1);
    submit_ok(e, ops, 16);
    CHECK(caio_uring_cancel(e, 3) == 1, "a pending op is cancelled for sure");
    CHECK(caio_uring_cancel(e, 3) == 0, "twice");
    int64_t res[H_OPS];
    collect(e, 16, res, NULL);
    for (int i = 0; i < 16; i++)
        CHECK(res[i] == (i == 3 ? -ECANCELED : H_LEN), "slot %d: %lld", i, (long long)res[i]);
    caio_uring_stats_t st;
    caio_uring_stats(e, &st);
    CHECK(st.helped == 15, "helped %lu", st.helped);

    read_ops(ops, H_OPS, fd, hbuf);
    submit_ok(e, ops, H_OPS);
    caio_uring_shutdown(e);
    caio_uring_test_defer_to_helper(0);
    collect(e, H_OPS, res, NULL);
    for (int i = 0; i < H_OPS; i++)
        CHECK(res[i] == -ECANCELED, "slot %d after shutdown: %lld", i, (long long)res[i]);
    caio_uring_stats(e, &st);
    CHECK(st.helped == 15 && st.pending == 0, "helped %lu pending %d", st.helped, st.pending);
    close(fd);
    finish(e);
}

/* Refused or switched off, the engine runs on one ring and says why. */
static void test_helper_refused_or_off(void)
{
    char f[200];
    caio_uring_inject_failure(3, ENOMEM);
    caio_uring_t *e = new_engine(H_OPS, 0);
    caio_uring_inject_failure(3, 0);
    caio_uring_features(e, f, sizeof(f));
    CHECK(strstr(f, "helper_ring=refused(ENOMEM)") != NULL, "%s", f);
    int fd = pattern_file();
    caio_op_t ops[H_OPS];
    read_ops(ops, H_OPS, fd, hbuf);
    caio_uring_test_defer_to_helper(1); /* no pending queue without a helper: ignored */
    submit_ok(e, ops, H_OPS);
    int64_t res[H_OPS];
    collect(e, H_OPS, res, NULL);
    caio_uring_test_defer_to_helper(0);
    for (int i = 0; i < H_OPS; i++)
        CHECK(res[i] == H_LEN && block_ok(hbuf[i], i), "slot %d: %lld", i, (long long)res[i]);
    caio_uring_stats_t st;
    caio_uring_stats(e, &st);
    CHECK(st.lanes == 1 && st.helped == 0, "lanes %d helped %lu", st.lanes, st.helped);
    finish(e);

    e = new_engine(H_OPS, CAIO_URING_OPT_NO_HELPER);
    caio_uring_features(e, f, sizeof(f));
    CHECK(strstr(f, "helper_ring=off") != NULL, "%s", f);
    finish(e);
    close(fd);
}

/* The real thing: submitter and completion thread share batches, in the
 * chunks the sharing policy picks per batch and in forced ones: the
 * smallest, a small one and the largest. */
static void test_helper_races(void)
{
    static const int chunks[] = {0, 1, 3, CAIO_SHARE_CHUNK_MAX};
    for (int i = 0; i < (int)(sizeof(chunks) / sizeof(chunks[0])); i++) {
        caio_uring_t *e = new_engine(H_OPS, chunks[i] << CAIO_URING_OPT_CHUNK_SHIFT);
        int fd = temp_file();
        engine_check_shared_batches(&caio_uring_ops, e, fd);
        caio_uring_stats_t st;
        caio_uring_stats(e, &st);
        if (e->chunk > 0)
            printf("  chunk %d: %lu ops through the helper ring\n", e->chunk, st.helped);
        else
            printf("  chunk %d per batch of 32: %lu ops through the helper ring\n", uring_chunk_for(e, 32),
                   st.helped);
        close(fd);
        CHECK(caio_uring_destroy(e) == 0, "destroy");
    }
}

void test_helper_ring(void)
{
    test_helper_takes_batch();
    test_direct_batch_not_shared();
    test_detached_direct_ops_go_to_helper();
    test_pending_cancel_and_shutdown();
    test_helper_refused_or_off();
    test_helper_races();
}
