/*
 * test_linux_aio.c - drives the Linux AIO engine directly, without a JVM,
 * so races and memory errors show up under ASan/UBSan and valgrind.  This
 * file covers creation, the probe, data and per-operation errors; the
 * concurrency tests are in test_linux_stress.c.
 */
#define _GNU_SOURCE
#include "caio_direct.h"
#include "test_support.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_create_and_probe(void)
{
    int err;
    const char *what;
    CHECK(caio_laio_create(0, 0, &err, &what) == NULL && err == EINVAL, "max 0");
    CHECK(caio_laio_create(CAIO_ENGINE_MAX_REQUESTS + 1, 0, &err, &what) == NULL && err == EINVAL,
          "max too big");
    CHECK(caio_laio_probe((char[256]){0}, 256) == NULL, "linux aio must work on this host");

    const struct {
        int err;
        const char *needle;
    } cases[] = {
        {ENOSYS, "ENOSYS"}, {EAGAIN, "fs.aio-max-nr"}, {EPERM, "seccomp"}, {EIO, "errno 5"},
    };
    for (int i = 0; i < (int)(sizeof(cases) / sizeof(cases[0])); i++) {
        char buf[512];
        caio_laio_inject_setup_failure(cases[i].err);
        const char *why = caio_laio_probe(buf, sizeof(buf));
        CHECK(why != NULL && strstr(why, cases[i].needle) != NULL, "probe with %d: %s",
              cases[i].err, why ? why : "(null)");
        err = 0;
        what = NULL;
        CHECK(caio_laio_create(8, 0, &err, &what) == NULL && err == cases[i].err &&
                  what != NULL && strcmp(what, "io_setup") == 0,
              "create with injected %d: err %d what %s", cases[i].err, err, what ? what : "-");
    }
    caio_laio_inject_setup_failure(0);

    /* Destroy must really io_destroy: fs.aio-max-nr leaks are what made
     * io_setup fail with EAGAIN upstream.  Other processes may use AIO too:
     * a big context stands out of their noise, and a miss is retried. */
    enum { BIG = 4096, NOISE = 1024 };
    int ok = 0;
    long before = 0, during = 0, after = 0;
    for (int attempt = 0; attempt < 5 && !ok; attempt++) {
        before = aio_nr();
        caio_laio_t *e = new_engine(BIG);
        during = aio_nr();
        CHECK(caio_laio_destroy_engine(e) == 0, "destroy");
        after = aio_nr();
        ok = labs(during - before - BIG) < NOISE && labs(during - after - BIG) < NOISE;
    }
    CHECK(ok, "aio-nr before %ld during %ld after %ld", before, during, after);

    /* A context larger than fs.aio-max-nr is refused with EAGAIN. */
    CHECK(caio_laio_create(CAIO_ENGINE_MAX_REQUESTS, 0, &err, &what) == NULL && err == EAGAIN,
          "huge context err %d", err);
}

static void test_round_trip(void)
{
    caio_laio_t *e = new_engine(16);
    int fd = temp_file();
    const int64_t offs[3] = {0, 8192, 1};
    const size_t lens[3] = {4096, 5000, 3};
    unsigned char *w[3], *r[3];
    int64_t res[16];
    alloc_pattern_buffers(3, offs, lens, w, r);
    caio_op_t ops[4];
    for (int i = 0; i < 2; i++)
        ops[i] = op(i, CAIO_OP_WRITE, fd, offs[i], w[i], lens[i]);
    ops[2] = op(2, CAIO_OP_WRITE, fd, 20000, NULL, 0); /* empty write, NULL buffer */
    ops[3] = op(3, CAIO_OP_READ, fd, 0, NULL, 0);      /* empty read */
    submit_ok(e, ops, 4);
    collect(e, 4, res, NULL);
    CHECK(res[0] == 4096 && res[1] == 5000 && res[2] == 0 && res[3] == 0,
          "writes %lld %lld %lld %lld", (long long)res[0], (long long)res[1],
          (long long)res[2], (long long)res[3]);
    memcpy(w[2], "xyz", 3);
    int before = atomic_load(&fsync_calls) + atomic_load(&fdatasync_calls);
    /* Sync ops carry junk offset/length from Java: the kernel must not see it. */
    ops[0] = op(4, CAIO_OP_WRITE, fd, offs[2], w[2], lens[2]);
    ops[1] = op(5, CAIO_OP_FSYNC, fd, 77, NULL, 0);
    ops[2] = op(6, CAIO_OP_FDSYNC, fd, 0, w[0], 12);
    submit_ok(e, ops, 3);
    collect(e, 3, res, NULL);
    CHECK(res[4] == 3 && res[5] == 0 && res[6] == 0, "write/fsync/fdatasync %lld %lld %lld",
          (long long)res[4], (long long)res[5], (long long)res[6]);
    CHECK(atomic_load(&fsync_calls) + atomic_load(&fdatasync_calls) == before,
          "syncs on a regular file must go through AIO, not the fallback");
    w[0][1] = 'x', w[0][2] = 'y', w[0][3] = 'z';

    for (int i = 0; i < 3; i++)
        ops[i] = op(7 + i, CAIO_OP_READ, fd, offs[i], r[i], lens[i]);
    submit_ok(e, ops, 3);
    collect(e, 3, res, NULL);
    check_reads(3, &res[7], lens, r, w);
    caio_laio_stats_t st;
    caio_laio_stats(e, &st);
    CHECK(!st.helper_started, "no sync was refused, so no helper thread");
    free_buffers(3, w, r);
    close(fd);
    finish(e);
}

static void test_eof_and_errors(void)
{
    caio_laio_t *e = new_engine(8);
    int fd = temp_file(), dirfd, closed;
    char buf[64];
    int64_t res[8];
    eof_fixture(fd, "target", &dirfd, &closed);
    caio_op_t ops[8];
    eof_ops(ops, fd, closed, dirfd, buf, sizeof(buf)); /* slot 4: io_submit says EBADF */
    ops[7] = op(7, CAIO_OP_READ, fd, 0, buf, 10);       /* after the refusals: still submitted */
    submit_ok(e, ops, 8);
    collect(e, 8, res, NULL);
    check_eof_reads(res);
    CHECK(res[3] == -EBADF && res[4] == -EBADF && res[6] == -EBADF, "EBADF %lld %lld %lld",
          (long long)res[3], (long long)res[4], (long long)res[6]);
    CHECK(res[5] == -EISDIR, "dir read %lld (AIO's EINVAL, not pread's EISDIR?)", (long long)res[5]);
    CHECK(res[7] == 10, "read after refusals %lld", (long long)res[7]);

    /* Rejected batches must leave no trace: no slot claimed, nothing run. */
    check_rejected_batches(&caio_linux_ops, e, fd, buf);
    caio_laio_stats_t st;
    caio_laio_stats(e, &st);
    CHECK(st.pending == 0 && st.in_kernel == 0 && st.completions == 0,
          "rejected batch left work behind");
    caio_op_t again = op(1, CAIO_OP_READ, fd, 0, buf, 1);
    submit_ok(e, &again, 1); /* slot 1 must still be free */
    collect(e, 1, res, NULL);
    CHECK(res[1] == 1, "read after rejected batches %lld", (long long)res[1]);
    close(dirfd);
    close(fd);
    finish(e);
}

static void test_pipe(void)
{
    caio_laio_t *e = new_engine(4);
    int p[2];
    if (pipe(p) != 0)
        die("pipe");
    /* Data waits in the pipe, so a kernel that did accept the read could
     * not block on it. */
    if (write(p[1], "0123456789", 10) != 10)
        die("write pipe");
    char buf[4];
    int64_t res[4];
    int before = atomic_load(&fsync_calls);
    caio_op_t ops[3] = {
        op(0, CAIO_OP_READ, p[0], 0, buf, sizeof(buf)),
        op(1, CAIO_OP_FSYNC, p[1], 0, NULL, 0),
        op(2, CAIO_OP_WRITE, p[1], 0, "ab", 2),
    };
    submit_ok(e, ops, 3);
    collect(e, 3, res, NULL);
    /* Like pread(2); the kernel's AIO would block in io_submit instead. */
    CHECK(res[0] == -ESPIPE, "pipe read %lld", (long long)res[0]);
    CHECK(res[2] == -ESPIPE, "pipe write %lld", (long long)res[2]);
    /* The kernel refuses AIO fsync on a pipe; fsync(2) then says EINVAL. */
    CHECK(res[1] == -EINVAL, "pipe fsync %lld", (long long)res[1]);
    CHECK(atomic_load(&fsync_calls) == before + 1, "fallback did not call fsync(2)");
    caio_laio_stats_t st;
    caio_laio_stats(e, &st);
    CHECK(st.helper_started, "helper thread for the fallback");
    int threads = count_threads();
    finish(e);
    CHECK(count_threads() == threads - 1, "helper not joined: %d threads, had %d",
          count_threads(), threads);
    close(p[0]);
    close(p[1]);
}

/* Every descriptor pread(2) refuses with ESPIPE - an empty FIFO, a socket,
 * an eventfd, which lseek(2) accepts - fails so at any offset, inside
 * submit, and nothing is written into it or taken out of it. */
static void test_no_positional_io(void)
{
    enum { N = 16 };
    caio_laio_t *e = new_engine(N);
    int fd = temp_file();
    streams_t fx;
    streams_open(&fx, 1); /* a read of the eventfd would take the 1 */
    int *sv = fx.sock, efd = fx.efd, ff = fx.fifo;
    if (pwrite(fd, "file", 4, 0) != 4)
        die("pwrite");
    char buf[N][8];
    caio_op_t ops[N] = {
        op(0, CAIO_OP_READ, ff, 0, buf[0], 8),     op(1, CAIO_OP_READ, ff, 4096, buf[1], 8),
        op(2, CAIO_OP_WRITE, ff, 7, "ab", 2),      op(3, CAIO_OP_READ, sv[0], 0, buf[3], 8),
        op(4, CAIO_OP_WRITE, sv[1], 0, "ab", 2),   op(5, CAIO_OP_READ, efd, 0, buf[5], 8),
        op(6, CAIO_OP_WRITE, efd, 0, "\1\0\0\0\0\0\0\0", 8), op(7, CAIO_OP_READ, fd, 0, buf[7], 4),
    };
    caio_completion_t got[N];
    int bad, n = caio_laio_submit_collect(e, ops, 8, &bad, got, N);
    CHECK(n == 8, "%d of 8 back from submit", n);
    for (int i = 0; i < n; i++)
        CHECK(got[i].result == (got[i].slot == 7 ? 4 : -ESPIPE), "slot %d: %lld", got[i].slot,
              (long long)got[i].result);
    uint64_t count = 0;
    CHECK(waiting(ff) == 0 && waiting(sv[0]) == 0, "a refused write went through: fifo %d socket %d",
          waiting(ff), waiting(sv[0]));
    CHECK(read(efd, &count, sizeof(count)) == sizeof(count) && count == 1, "eventfd counter %llu",
          (unsigned long long)count);

    /* A directory: EISDIR for a read and EBADF for a write, as pread and
     * pwrite give. */
    int dirfd = fx.dir;
    if (dirfd < 0)
        die("open dir");
    int64_t res[N];
    ops[0] = op(0, CAIO_OP_READ, dirfd, 0, buf[0], 8);
    ops[1] = op(1, CAIO_OP_WRITE, dirfd, 0, "ab", 2);
    submit_ok(e, ops, 2);
    collect(e, 2, res, NULL);
    CHECK(res[0] == -EISDIR && res[1] == -EBADF, "directory %lld %lld", (long long)res[0],
          (long long)res[1]);
    caio_laio_stats_t st;
    caio_laio_stats(e, &st);
    CHECK(st.pending == 0 && st.in_kernel == 0, "left behind: %d pending, %d in kernel", st.pending,
          st.in_kernel);
    streams_close(&fx);
    close(fd);
    finish(e);
}

static void test_refuse_sync_seam(void)
{
    caio_laio_t *e = new_engine(4);
    int fd = temp_file();
    int64_t res[4];
    int fs = atomic_load(&fsync_calls), fds = atomic_load(&fdatasync_calls);
    caio_laio_set_refuse_sync(e, 1);
    caio_op_t ops[3] = {
        op(0, CAIO_OP_WRITE, fd, 0, "hello", 5),
        op(1, CAIO_OP_FSYNC, fd, 0, NULL, 0),
        op(2, CAIO_OP_FDSYNC, fd, 0, NULL, 0),
    };
    submit_ok(e, ops, 3);
    collect(e, 3, res, NULL);
    CHECK(res[0] == 5 && res[1] == 0 && res[2] == 0, "results %lld %lld %lld",
          (long long)res[0], (long long)res[1], (long long)res[2]);
    CHECK(atomic_load(&fsync_calls) == fs + 1 && atomic_load(&fdatasync_calls) == fds + 1,
          "fsync(2) %d fdatasync(2) %d calls", atomic_load(&fsync_calls) - fs,
          atomic_load(&fdatasync_calls) - fds);
    caio_laio_set_refuse_sync(e, 0);
    submit_ok(e, &ops[1], 1);
    collect(e, 1, res, NULL);
    CHECK(res[1] == 0 && atomic_load(&fsync_calls) == fs + 1, "seam off: AIO fsync again");
    close(fd);
    finish(e);
}

/* Buffered reads and writes go without the eventfd and come back from
 * submit_collect itself; what did not fit, plain submits, syncs and
 * O_DIRECT still reach a blocked reaper. */
static void test_quiet_submit(void)
{
    caio_laio_t *e = new_engine(64);
    int fd = temp_file();
    engine_check_collect_cached(&caio_linux_ops, e, fd);
    char data[64] = "quiet", buf[64];
    caio_op_t ops[2] = {op(20, CAIO_OP_WRITE, fd, 0, data, sizeof(data))};
    caio_completion_t got[2];
    int bad;
    CHECK(caio_laio_submit_collect(e, ops, 1, &bad, got, 2) == 1 && got[0].result == 64,
          "buffered write collected");
    /* A plain submit of quiet requests pokes the reaper itself. */
    int64_t res[64];
    ops[0] = op(20, CAIO_OP_READ, fd, 0, buf, sizeof(buf));
    ops[1] = op(21, CAIO_OP_FSYNC, fd, 0, NULL, 0);
    submit_ok(e, ops, 2);
    collect(e, 2, res, NULL);
    CHECK(res[20] == 64 && res[21] == 0 && memcmp(buf, data, sizeof(buf)) == 0, "plain submit %lld %lld",
          (long long)res[20], (long long)res[21]);
    /* A single buffered write is the submitter's pwrite: plainly submitted
     * it still reaches the reaper, and it fails with pwrite's errno. */
    char path[64];
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    int ro = open(path, O_RDONLY | O_CLOEXEC);
    CHECK(ro >= 0, "reopen read-only");
    ops[0] = op(22, CAIO_OP_WRITE, fd, 64, data, sizeof(data));
    submit_ok(e, ops, 1);
    ops[0] = op(23, CAIO_OP_WRITE, ro, 0, data, sizeof(data));
    submit_ok(e, ops, 1);
    collect(e, 2, res, NULL);
    CHECK(res[22] == 64 && res[23] == -EBADF, "single writes %lld %lld", (long long)res[22], (long long)res[23]);
    memset(buf, 0, sizeof(buf));
    CHECK(pread(fd, buf, sizeof(buf), 64) == 64 && memcmp(buf, data, sizeof(buf)) == 0, "single write landed");
    close(ro);
    close(fd);
    int direct = temp_file_flags(O_DIRECT);
    if (direct >= 0) {
        engine_check_collect_direct(&caio_linux_ops, e, direct);
        close(direct);
    }
    finish(e);
}

static void test_o_direct(void)
{
    int fd = temp_file_flags(O_DIRECT);
    if (fd < 0) {
        if (errno != EINVAL)
            die("open O_DIRECT");
        printf("  (O_DIRECT not supported in target/native-test: skipped)\n");
        return;
    }
    unsigned mem, off;
    CHECK(caio_dio_align(fd, &mem, &off) == 0, "statx");
    size_t align = mem > off ? mem : off;
    if (align == 0)
        align = 4096;
    caio_laio_t *e = new_engine(8);
    unsigned char *w = aligned_alloc(align, 4 * align), *r = aligned_alloc(align, 9 * align);
    for (size_t i = 0; i < 4 * align; i++)
        w[i] = pattern((int64_t)i);
    memset(r, 0, 9 * align);
    int64_t res[8];
    caio_op_t ops[6] = {op(0, CAIO_OP_WRITE, fd, 0, w, 4 * align)};
    submit_ok(e, ops, 1);
    collect(e, 1, res, NULL);
    CHECK(res[0] == (int64_t)(4 * align), "aligned write %lld", (long long)res[0]);
    ops[0] = op(0, CAIO_OP_READ, fd, (int64_t)align, r, 2 * align);
    ops[1] = op(1, CAIO_OP_READ, fd, 1, r + 2 * align, align);          /* offset */
    ops[2] = op(2, CAIO_OP_READ, fd, 0, r + 3 * align + 1, align);      /* address */
    ops[3] = op(3, CAIO_OP_WRITE, fd, 0, w, align - 1);                 /* length */
    ops[4] = op(4, CAIO_OP_READ, fd, (int64_t)(2 * align), r + 5 * align, 4 * align); /* EOF */
    ops[5] = op(5, CAIO_OP_FDSYNC, fd, 0, NULL, 0);
    submit_ok(e, ops, 6);
    collect(e, 6, res, NULL);
    CHECK(res[0] == (int64_t)(2 * align) && memcmp(r, w + align, 2 * align) == 0,
          "aligned read %lld", (long long)res[0]);
    CHECK(res[1] == -CAIO_E_MISALIGNED, "misaligned offset: %lld", (long long)res[1]);
    CHECK(res[3] == -CAIO_E_MISALIGNED, "misaligned length: %lld", (long long)res[3]);
    /* Some kernels and devices accept any memory alignment despite statx. */
    CHECK(res[2] == -CAIO_E_MISALIGNED ||
              (res[2] == (int64_t)align && memcmp(r + 3 * align + 1, w, align) == 0),
          "misaligned address: %lld", (long long)res[2]);
    CHECK(res[4] == (int64_t)(2 * align), "short O_DIRECT read at EOF %lld", (long long)res[4]);
    CHECK(res[5] == 0, "fdatasync %lld", (long long)res[5]);
    CHECK(!caio_dio_misaligned(fd, 0, w, align), "aligned is not misaligned");
    free(w);
    free(r);
    close(fd);
    finish(e);
}

int main(void)
{
    static const caio_test_t tests[] = {
        {"create_and_probe", test_create_and_probe},
        {"round_trip", test_round_trip},
        {"eof_and_errors", test_eof_and_errors},
        {"pipe", test_pipe},
        {"no_positional_io", test_no_positional_io},
        {"refuse_sync_seam", test_refuse_sync_seam},
        {"o_direct", test_o_direct},
        {"quiet_submit", test_quiet_submit},
        {"shared_batches", test_shared_batches},
        {"direct_batch_not_shared", test_direct_batch_not_shared},
        {"cancel", test_cancel},
        {"shutdown_in_flight", test_shutdown_in_flight},
        {"many_submitters", test_many_submitters},
    };
    return run_tests(tests, sizeof(tests) / sizeof(tests[0]), 180);
}
