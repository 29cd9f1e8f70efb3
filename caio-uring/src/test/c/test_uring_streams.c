/*
 * test_uring_streams.c - descriptors without positional I/O: pread(2)
 * refuses them with ESPIPE, and so does the engine, at any offset, before
 * the kernel sees them: io_uring would ignore the offset, write into the
 * pipe and park a read of an empty one.
 */
#define _GNU_SOURCE
#include "test_support.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

enum { N = 16 };

/* Every kind of stream is refused in submit, so every op is back from the
 * call itself; a parked read would be missing there. */
static void check_refused_in_submit(caio_uring_t *e, streams_t *st, char (*buf)[8])
{
    int *p = st->pipe, *sv = st->sock, efd = st->efd, ff = st->fifo;
    caio_op_t ops[N] = {
        op(0, CAIO_OP_READ, p[0], 0, buf[0], 8),    op(1, CAIO_OP_READ, p[0], 4096, buf[1], 8),
        op(2, CAIO_OP_READ, p[0], 0, buf[2], 0),    op(3, CAIO_OP_WRITE, p[1], 0, "ab", 2),
        op(4, CAIO_OP_WRITE, p[1], 100, "ab", 2),   op(5, CAIO_OP_READ, sv[0], 0, buf[5], 8),
        op(6, CAIO_OP_WRITE, sv[1], 0, "ab", 2),    op(7, CAIO_OP_READ, efd, 0, buf[7], 8),
        op(8, CAIO_OP_WRITE, efd, 0, "\1\0\0\0\0\0\0\0", 8), op(9, CAIO_OP_READ, ff, 0, buf[9], 8),
        op(10, CAIO_OP_WRITE, ff, 7, "ab", 2),
    };
    caio_completion_t got[N];
    int bad, n = caio_uring_submit_collect(e, ops, 11, &bad, got, N);
    CHECK(n == 11, "%d of 11 back from submit", n);
    for (int i = 0; i < n; i++)
        CHECK(got[i].result == -ESPIPE, "slot %d: %lld", got[i].slot, (long long)got[i].result);
    uint64_t count;
    CHECK(waiting(p[0]) == 0 && waiting(sv[0]) == 0 && waiting(ff) == 0 &&
              read(efd, &count, sizeof(count)) < 0,
          "a refused write went through: pipe %d socket %d fifo %d", waiting(p[0]), waiting(sv[0]),
          waiting(ff));

    /* With data waiting, a read is still refused and takes none of it. */
    if (write(p[1], "0123456789", 10) != 10)
        die("write pipe");
    n = caio_uring_submit_collect(e, ops, 1, &bad, got, N);
    CHECK(n == 1 && got[0].result == -ESPIPE, "read with data waiting: %d %lld", n,
          n > 0 ? (long long)got[0].result : 0LL);
    CHECK(waiting(p[0]) == 10, "the refused read took data: %d left", waiting(p[0]));
}

/* Big batches (shared with the helper ring) with a pipe first or a file
 * first: the file's reads run, the pipe's fail. */
static void check_mixed_batches(caio_uring_t *e, int fd, int pipe_rd, char (*buf)[8])
{
    caio_op_t ops[N];
    int64_t res[2 * N];
    for (int first = 0; first < 2; first++) {
        for (int i = 0; i < N; i++)
            ops[i] = (i + first) % 2 ? op(i, CAIO_OP_READ, fd, 0, buf[i], 4)
                                     : op(i, CAIO_OP_READ, pipe_rd, i, buf[i], 4);
        submit_ok(e, ops, N);
        collect(e, N, res, NULL);
        for (int i = 0; i < N; i++) {
            if ((i + first) % 2)
                CHECK(res[i] == 4 && memcmp(buf[i], "file", 4) == 0, "file read %d: %lld", i,
                      (long long)res[i]);
            else
                CHECK(res[i] == -ESPIPE, "pipe read %d: %lld", i, (long long)res[i]);
        }
    }
    CHECK(waiting(pipe_rd) == 10, "a batch took data: %d left", waiting(pipe_rd));
}

/* A number that named a file names a pipe by the next batch. */
static void check_renumbered(caio_uring_t *e, int fd, int pipe_rd, char (*buf)[8])
{
    int64_t res[2 * N];
    caio_op_t again = op(0, CAIO_OP_READ, fd, 0, buf[0], 4);
    submit_ok(e, &again, 1);
    collect(e, 1, res, NULL);
    CHECK(res[0] == 4, "file read %lld", (long long)res[0]);
    int saved = dup(fd);
    if (saved < 0 || dup2(pipe_rd, fd) != fd)
        die("dup2");
    submit_ok(e, &again, 1);
    collect(e, 1, res, NULL);
    CHECK(res[0] == -ESPIPE, "read of the number moved to a pipe %lld", (long long)res[0]);
    if (dup2(saved, fd) != fd)
        die("dup2 back");
    close(saved);
}

/* An op the Java side vouches for (CAIO_OP_F_POSITIONAL) is not asked
 * about: proof that the flag skips the check, so Java must set it only for
 * a FileDescriptor that passed it.  A directory gives EISDIR for a read
 * and EBADF for a write, as pread and pwrite do. */
static void check_vouched_and_directory(caio_uring_t *e, streams_t *st, char (*buf)[8])
{
    int *p = st->pipe;
    int64_t res[2 * N];
    caio_op_t vouched = op(0, CAIO_OP_WRITE, p[1], 0, "xy", 2);
    vouched.flags = CAIO_OP_F_POSITIONAL;
    submit_ok(e, &vouched, 1);
    collect(e, 1, res, NULL);
    CHECK(res[0] == 2 && waiting(p[0]) == 12, "a vouched write: %lld, %d waiting", (long long)res[0],
          waiting(p[0]));

    int dirfd = st->dir;
    if (dirfd < 0)
        die("open dir");
    caio_op_t ops[2] = {op(0, CAIO_OP_READ, dirfd, 0, buf[0], 8), op(1, CAIO_OP_WRITE, dirfd, 0, "ab", 2)};
    submit_ok(e, ops, 2);
    collect(e, 2, res, NULL);
    CHECK(res[0] == -EISDIR && res[1] == -EBADF, "directory %lld %lld", (long long)res[0],
          (long long)res[1]);
}

void test_no_positional_io(void)
{
    caio_uring_t *e = new_engine(2 * N, 0);
    int fd = temp_file();
    streams_t st;
    streams_open(&st, 0);
    if (pwrite(fd, "file", 4, 0) != 4)
        die("pwrite");
    char buf[N][8];
    memset(buf, 0, sizeof(buf)); /* valgrind cannot see the kernel write it */
    check_refused_in_submit(e, &st, buf);
    check_mixed_batches(e, fd, st.pipe[0], buf);
    check_renumbered(e, fd, st.pipe[0], buf);
    check_vouched_and_directory(e, &st, buf);
    check_idle(e, "refused descriptors");
    streams_close(&st);
    close(fd);
    finish(e);
}
