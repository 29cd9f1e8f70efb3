/*
 * test_uring.c - drives the io_uring engine directly, without a JVM, so
 * races and memory errors show up under ASan/UBSan.  Cancellation and
 * shutdown live in test_uring_cancel.c.
 */
#define _GNU_SOURCE
#include "test_support.h"
#include "caio_head.h"
#include "caio_share.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

/* Without a forced chunk, features() names the sharing policy's inputs
 * and its bound: each shared batch of n moves caio_share_chunk(n). */
static void check_policy_features(caio_uring_t *e)
{
    char f[256];
    caio_uring_features(e, f, sizeof(f));
    static const char fixed[] = "sqpoll=off nodrop=on single_mmap=on sq=32 cq=64 reg_buffers=off "
                                "quiet_submit=on helper_ring=on chunk=policy(syscall ";
    const caio_share_t *p = caio_share_policy();
    long copy = 0, ns = 0;
    CHECK(strncmp(f, fixed, sizeof(fixed) - 1) == 0 &&
              sscanf(f + sizeof(fixed) - 1, "%ldns copy %ldns)", &ns, &copy) == 2 &&
              ns == p->syscall_ns && copy == p->copy_ns && ns > 0 && copy > 0,
          "%s", f);
    printf("  a null system call costs %ld ns, a page copy %ld ns here: chunk %d for a batch of 8, %d of 64\n",
           ns, copy, caio_share_chunk(p, 8), caio_share_chunk(p, 64));
}

static void test_create_limits(void)
{
    int err;
    const char *what;
    int bad[][2] = {{0, 0}, {-5, 0}, {CAIO_ENGINE_MAX_REQUESTS + 1, 0}, {4, 8}, {4, -1},
                    {4, 17 << CAIO_URING_OPT_CHUNK_SHIFT}, {4, 1 << 13}};
    for (int i = 0; i < (int)(sizeof(bad) / sizeof(bad[0])); i++) {
        CHECK(caio_uring_create(bad[i][0], bad[i][1], &err, &what) == NULL, "case %d", i);
        CHECK(err == EINVAL, "case %d err %d", i, err);
    }
    const struct {
        int max;
        unsigned sq, cq;
    } sizes[] = {{1, 4, 8}, {32, 32, 64}, {33, 64, 128}, {100000, 32768, 65536}};
    for (int i = 0; i < (int)(sizeof(sizes) / sizeof(sizes[0])); i++) {
        caio_uring_t *e = new_engine(sizes[i].max, 0);
        caio_uring_stats_t st;
        caio_uring_stats(e, &st);
        CHECK(st.sq_entries == sizes[i].sq && st.cq_entries == sizes[i].cq && !st.sqpoll,
              "max %d: sq %u cq %u sqpoll %d", sizes[i].max, st.sq_entries, st.cq_entries,
              st.sqpoll);
        CHECK(caio_head_of(e)->max_requests == sizes[i].max, "max_requests");
        if (i == 1)
            check_policy_features(e);
        finish(e);
    }
    /* An explicit chunk is used as given, whatever calls cost. */
    for (int chunk = 1; chunk <= 16; chunk += 15) {
        caio_uring_t *e = new_engine(8, chunk << CAIO_URING_OPT_CHUNK_SHIFT);
        char f[256], want[32];
        caio_uring_features(e, f, sizeof(f));
        snprintf(want, sizeof(want), " chunk=%d", chunk);
        size_t fl = strlen(f), wl = strlen(want);
        CHECK(fl > wl && strcmp(f + fl - wl, want) == 0, "%s", f);
        finish(e);
    }
    /* Stale handles are refused, not used. */
    caio_uring_t *e = new_engine(4, 0);
    CHECK(caio_uring_destroy(e) == 0, "destroy");
    uint64_t magic = caio_uring_ops.magic;
    CHECK(caio_uring_destroy(NULL) == -1 && caio_head_enter(caio_head_of(NULL), magic) == -1, "NULL handle");
    CHECK(caio_head_enter(caio_head_of((caio_uring_t *)(uintptr_t)3), magic) == -1, "misaligned handle");
}

static void test_round_trip(void)
{
    caio_uring_t *e = new_engine(16, 0);
    int fd = temp_file();
    const int64_t offs[3] = {0, 8192, 1 << 22};
    const size_t lens[3] = {4096, 5000, 3};
    unsigned char *w[3], *r[3];
    int64_t res[16];
    alloc_pattern_buffers(3, offs, lens, w, r);
    caio_op_t ops[4];
    for (int i = 0; i < 3; i++)
        ops[i] = op(i, CAIO_OP_WRITE, fd, offs[i], w[i], lens[i]);
    ops[3] = op(3, CAIO_OP_WRITE, fd, 100, NULL, 0); /* empty write, NULL buffer */
    submit_ok(e, ops, 4);
    collect(e, 4, res, NULL);
    for (int i = 0; i < 3; i++)
        CHECK(res[i] == (int64_t)lens[i], "write %d returned %lld", i, (long long)res[i]);
    CHECK(res[3] == 0, "empty write %lld", (long long)res[3]);
    CHECK(lseek(fd, 0, SEEK_END) == (1 << 22) + 3, "file size");

    ops[0] = op(4, CAIO_OP_FSYNC, fd, 0, NULL, 0);
    ops[1] = op(5, CAIO_OP_FDSYNC, fd, 0, NULL, 0);
    submit_ok(e, ops, 2);
    collect(e, 2, res, NULL);
    CHECK(res[4] == 0 && res[5] == 0, "fsync %lld fdatasync %lld", (long long)res[4],
          (long long)res[5]);

    for (int i = 0; i < 3; i++)
        ops[i] = op(6 + i, CAIO_OP_READ, fd, offs[i], r[i], lens[i]);
    char hole[64];
    memset(hole, 'x', sizeof(hole));
    ops[3] = op(9, CAIO_OP_READ, fd, 1 << 20, hole, sizeof(hole)); /* the hole reads as zeros */
    submit_ok(e, ops, 4);
    collect(e, 4, res, NULL);
    check_reads(3, &res[6], lens, r, w);
    CHECK(res[9] == 64 && hole[0] == 0 && hole[63] == 0, "hole read %lld", (long long)res[9]);
    free_buffers(3, w, r);
    check_idle(e, "round trip");
    close(fd);
    finish(e);
}

/* Buffered writes are copied by the submitter (write_here): submit_collect
 * returns their completions, nothing is left in the kernel, and the bytes
 * land; a write to a closed descriptor still fails through the ring. */
static void test_buffered_writes_here(void)
{
    enum { N = 4, LEN = 512 }; /* under CAIO_SHARE_MIN: a batch that is not shared */
    caio_uring_t *e = new_engine(16, 0);
    int fd = temp_file();
    unsigned char w[N * LEN], back[N * LEN];
    for (int i = 0; i < N * LEN; i++)
        w[i] = (unsigned char)(i * 7 + 1);
    caio_op_t ops[N];
    for (int i = 0; i < N; i++)
        ops[i] = op(i, CAIO_OP_WRITE, fd, (int64_t)i * LEN, &w[i * LEN], LEN);
    int bad;
    caio_completion_t out[N];
    int n = caio_uring_submit_collect(e, ops, N, &bad, out, N);
    CHECK(n == N, "collected %d of %d", n, N);
    for (int i = 0; i < n; i++)
        CHECK(out[i].result == LEN, "slot %d result %lld", (int)out[i].slot, (long long)out[i].result);
    caio_uring_stats_t st;
    caio_uring_stats(e, &st);
    CHECK(st.ops_in_kernel == 0, "ops in kernel %d", st.ops_in_kernel);
    CHECK(pread(fd, back, sizeof(back), 0) == (ssize_t)sizeof(back) && memcmp(back, w, sizeof(w)) == 0,
          "written bytes");

    int closed = dup(fd);
    close(closed);
    ops[0] = op(0, CAIO_OP_WRITE, closed, 0, w, LEN);
    int64_t res[16];
    submit_ok(e, ops, 1);
    collect(e, 1, res, NULL);
    CHECK(res[0] == -EBADF, "closed fd write %lld", (long long)res[0]);
    check_idle(e, "buffered writes");
    close(fd);
    finish(e);
}

static void test_eof_and_errors(void)
{
    caio_uring_t *e = new_engine(8, 0);
    int fd = temp_file(), dirfd, closed;
    char buf[64];
    int64_t res[8];
    memset(buf, 0, sizeof(buf));
    eof_fixture(fd, "/tmp", &dirfd, &closed);
    caio_op_t ops[8];
    eof_ops(ops, fd, closed, dirfd, buf, sizeof(buf));
    ops[7] = op(7, CAIO_OP_WRITE, -1, 0, buf, 1);
    submit_ok(e, ops, 8);
    collect(e, 8, res, NULL);
    check_eof_reads(res);
    CHECK(res[3] == -EBADF && res[4] == -EBADF && res[6] == -EBADF && res[7] == -EBADF,
          "EBADF %lld %lld %lld %lld", (long long)res[3], (long long)res[4], (long long)res[6],
          (long long)res[7]);
    CHECK(res[5] == -EISDIR, "dir read %lld", (long long)res[5]);

    /* Rejected batches must leave no trace: no slot claimed, nothing run. */
    check_rejected_batches(&caio_uring_ops, e, fd, buf);
    int bad;
    CHECK(caio_uring_submit(e, NULL, 1, &bad) == -EINVAL, "NULL ops");
    check_idle(e, "rejected batches");
    caio_op_t again = op(1, CAIO_OP_READ, fd, 0, buf, 1);
    submit_ok(e, &again, 1); /* slot 1 must still be free */
    collect(e, 1, res, NULL);
    CHECK(res[1] == 1, "read after rejected batches %lld", (long long)res[1]);
    close(dirfd);
    close(fd);
    finish(e);
}

/* Quiet submits: page-cache hits come back from submit_collect itself with
 * the eventfd silenced; what did not fit, and what completes later (an
 * O_DIRECT read, after the window closed), still reaches reap. */
static void test_quiet_submit(void)
{
    caio_uring_t *e = new_engine(64, 0);
    int fd = temp_file();
    engine_check_collect_cached(&caio_uring_ops, e, fd);
    close(fd);
    int direct = direct_temp_file();
    if (direct >= 0) {
        engine_check_collect_direct(&caio_uring_ops, e, direct);
        close(direct);
    }
    finish(e);
}

/* EINVAL from a misaligned O_DIRECT transfer is reported as MISALIGNED. */
static void test_misaligned_direct(void)
{
    int fd = direct_temp_file();
    if (fd < 0) {
        printf("  (O_DIRECT unsupported here: %s; skipped)\n", strerror(errno));
        return;
    }
    caio_uring_t *e = new_engine(4, 0);
    void *aligned = NULL;
    if (posix_memalign(&aligned, 4096, 8192) != 0)
        die("posix_memalign");
    memset(aligned, 'a', 8192);
    int64_t res[4];
    caio_op_t ops[3] = {op(0, CAIO_OP_WRITE, fd, 0, aligned, 4096),
                        op(1, CAIO_OP_WRITE, fd, 4096, (char *)aligned + 1, 4096),
                        op(2, CAIO_OP_READ, fd, 1, aligned, 4096)};
    submit_ok(e, ops, 1);
    collect(e, 1, res, NULL);
    submit_ok(e, &ops[1], 2);
    collect(e, 2, res, NULL);
    CHECK(res[0] == 4096, "aligned write %lld", (long long)res[0]);
    if (res[1] == 4096)
        printf("  (this filesystem does not enforce O_DIRECT alignment; skipped)\n");
    else
        CHECK(res[1] == -CAIO_E_MISALIGNED && res[2] == -CAIO_E_MISALIGNED,
          "misaligned %lld %lld", (long long)res[1], (long long)res[2]);
    free(aligned);
    close(fd);
    finish(e);
}

static void test_probe(void)
{
    char buf[512];
    const char *why = caio_uring_probe(buf, sizeof(buf));
    CHECK(why == NULL, "io_uring should work here: %s", why);
    const struct {
        int err;
        const char *needle;
        int create_err;
    } cases[] = {{EPERM, "seccomp", EPERM},
                 {ENOSYS, "ENOSYS", ENOSYS},
                 {ENOMEM, "ulimit -l", ENOMEM},
                 {EFAULT, "EFAULT", EFAULT},
                 {EINVAL, "EINVAL", EOPNOTSUPP}}; /* EINVAL would read as a bad argument */
    for (int i = 0; i < (int)(sizeof(cases) / sizeof(cases[0])); i++) {
        caio_uring_inject_setup_failure(cases[i].err);
        why = caio_uring_probe(buf, sizeof(buf));
        CHECK(why != NULL && strstr(why, cases[i].needle) != NULL, "errno %d: %s", cases[i].err,
              why ? why : "(null)");
        int err = 0;
        const char *what;
        CHECK(caio_uring_create(8, 1, &err, &what) == NULL && err == cases[i].create_err,
              "create with injected errno %d: err %d", cases[i].err, err);
        if (i == 0)
            printf("  probe with EPERM: %s\n", why);
    }
    caio_uring_inject_setup_failure(0);
    CHECK(caio_uring_probe(buf, sizeof(buf)) == NULL, "injection cleared");
}

/* More ops in one batch than the SQ holds (staging in chunks) and than the
 * CQ holds (the kernel's overflow list, flushed by harvest). */
static void test_big_batch(int option)
{
    enum { N = 70000 };
    caio_uring_t *e = new_engine(N, option);
    int fd = temp_file();
    char *buf = calloc(N, 1);
    caio_op_t *ops = malloc(N * sizeof(*ops));
    int64_t *res = malloc(N * sizeof(*res));
    int *counts = calloc(N, sizeof(*counts));
    if (buf == NULL || ops == NULL || res == NULL || counts == NULL)
        die("malloc");
    for (int i = 0; i < 251; i++)
        buf[i] = (char)pattern(i);
    if (pwrite(fd, buf, 251, 0) != 251)
        die("pwrite");
    memset(buf, 0, 251);
    for (int i = 0; i < N; i++)
        ops[i] = op(i, CAIO_OP_READ, fd, i % 251, &buf[i], 1);
    submit_ok(e, ops, N); /* nobody reaps meanwhile: the CQ must overflow */
    collect(e, N, res, counts);
    int bad = 0;
    for (int i = 0; i < N; i++)
        bad += res[i] != 1 || counts[i] != 1 || (unsigned char)buf[i] != pattern(i % 251);
    CHECK(bad == 0, "option %d: %d of %d ops wrong", option, bad, N);
    caio_uring_stats_t st;
    caio_uring_stats(e, &st);
    printf("  option %d: %d ops through sq=%u cq=%u, %lu overflow flushes\n", option, N,
           st.sq_entries, st.cq_entries, st.overflow_flushes);
    CHECK(option != 0 || st.overflow_flushes > 0, "the CQ never overflowed");
    check_idle(e, "big batch");
    free(counts);
    free(res);
    free(ops);
    free(buf);
    close(fd);
    finish(e);
}

static void test_big_batch_plain(void) { test_big_batch(0); }

static void test_sqpoll(void)
{
    caio_uring_t *e = new_engine(64, CAIO_URING_OPT_SQPOLL);
    char f[256];
    caio_uring_features(e, f, sizeof(f));
    printf("  SQPOLL engine: %s\n", f);
    CHECK(strncmp(f, "sqpoll=", 7) == 0, "%s", f);
    int fd = temp_file();
    char w[64], r[64];
    int64_t res[64];
    memset(r, 0, sizeof(r));
    for (int i = 0; i < 64; i++)
        w[i] = (char)pattern(i);
    caio_op_t ops[64];
    for (int round = 0; round < 20; round++) {
        for (int i = 0; i < 64; i++)
            ops[i] = op(i, CAIO_OP_WRITE, fd, i, &w[i], 1);
        submit_ok(e, ops, 64);
        collect(e, 64, res, NULL);
        if (round % 5 == 4)
            pause_ms(60); /* let the SQ thread idle out: NEED_WAKEUP path */
    }
    for (int i = 0; i < 64; i++)
        ops[i] = op(i, CAIO_OP_READ, fd, i, &r[i], 1);
    submit_ok(e, ops, 64);
    collect(e, 64, res, NULL);
    CHECK(memcmp(w, r, 64) == 0, "SQPOLL round trip");
    close(fd);
    finish(e);
    test_big_batch(CAIO_URING_OPT_SQPOLL);
}

int main(void)
{
    static const caio_test_t tests[] = {
        {"create_limits", test_create_limits},
        {"probe", test_probe},
        {"round_trip", test_round_trip},
        {"buffered_writes_here", test_buffered_writes_here},
        {"eof_and_errors", test_eof_and_errors},
        {"no_positional_io", test_no_positional_io},
        {"misaligned_direct", test_misaligned_direct},
        {"quiet_submit", test_quiet_submit},
        {"big_batch", test_big_batch_plain},
        {"sqpoll", test_sqpoll},
        {"sqpoll_refused", test_sqpoll_refused},
        {"registered_buffers", test_registered_buffers},
        {"registered_buffers_refused", test_registered_buffers_refused},
        {"many_submitters", test_many_submitters},
        {"helper_ring", test_helper_ring},
        {"cancel_pipe", test_cancel_pipe},
        {"cancel_races", test_cancel_races},
        {"shutdown_in_flight", test_shutdown_in_flight},
        {"submitter_exits", test_submitter_exits},
        {"await_here", test_await_here},
    };
    return run_tests(tests, sizeof(tests) / sizeof(tests[0]), 120);
}
