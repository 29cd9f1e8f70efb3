/*
 * caio_test_common.c - see caio_test_common.h.
 */
#define _GNU_SOURCE
#include "caio_test_common.h"

#include <dirent.h>
#include <pthread.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
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

int count_threads(void)
{
    DIR *d = opendir("/proc/self/task");
    if (d == NULL)
        die("opendir /proc/self/task");
    int n = 0;
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL)
        n += ent->d_name[0] != '.';
    closedir(d);
    return n;
}

int temp_file_at(const char *prefix, int extra_flags)
{
    char name[256];
    if (snprintf(name, sizeof(name), "%s-XXXXXX", prefix) >= (int)sizeof(name)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    int fd = mkostemp(name, extra_flags);
    if (fd >= 0)
        unlink(name);
    return fd;
}

int temp_file_or_die(const char *prefix)
{
    int fd = temp_file_at(prefix, 0);
    if (fd < 0) {
        char what[300];
        snprintf(what, sizeof(what), "mkostemp %s-XXXXXX", prefix);
        die(what);
    }
    return fd;
}

unsigned char pattern(int64_t pos)
{
    return (unsigned char)((pos * 31 + 7) % 251);
}

caio_op_t op(int slot, int kind, int fd, int64_t off, void *addr, size_t len)
{
    caio_op_t o = {slot, kind, fd, off, addr, len, 0};
    return o;
}

void engine_submit_ok(const caio_engine_ops_t *ops, void *engine, const caio_op_t *o, int n)
{
    int bad;
    int rc = ops->submit(engine, o, n, &bad);
    if (rc != 0) {
        fprintf(stderr, "%s: submit failed rc=%d bad=%d\n", ops->name, rc, bad);
        exit(2);
    }
}

void engine_collect(const caio_engine_ops_t *ops, void *engine, int n, int64_t *results,
                    int *counts)
{
    caio_completion_t c[7];
    while (n > 0) {
        int got = ops->reap(engine, c, n < 7 ? n : 7);
        if (got <= 0) {
            fprintf(stderr, "%s: reap returned %d with %d completions missing\n", ops->name, got,
                    n);
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

void engine_check_collect_cached(const caio_engine_ops_t *ops, void *engine, int fd)
{
    enum { N = 16, LEN = 64 };
    char data[N * LEN], buf[N][LEN];
    for (int i = 0; i < (int)sizeof(data); i++)
        data[i] = (char)(i * 13);
    if (pwrite(fd, data, sizeof(data), 0) != (ssize_t)sizeof(data))
        die("pwrite");
    memset(buf, 0, sizeof(buf)); /* valgrind cannot see the kernel write it */
    caio_op_t o[N];
    for (int i = 0; i < N; i++)
        o[i] = op(i, CAIO_OP_READ, fd, LEN * i, buf[i], LEN);
    caio_completion_t got[N];
    int bad, n = ops->submit_collect(engine, o, N, &bad, got, N / 2);
    CHECK(n == N / 2, "%s: collected %d of the inline completions", ops->name, n);
    int64_t res[N];
    int counts[N] = {0};
    for (int i = 0; i < n; i++) {
        res[got[i].slot] = got[i].result;
        counts[got[i].slot]++;
    }
    engine_collect(ops, engine, N - n, res, counts); /* must not sleep on a silent eventfd */
    for (int i = 0; i < N; i++)
        CHECK(res[i] == LEN && counts[i] == 1 && memcmp(buf[i], data + LEN * i, LEN) == 0,
              "%s: read %d: %lld, %d times", ops->name, i, (long long)res[i], counts[i]);
}

void engine_check_collect_direct(const caio_engine_ops_t *ops, void *engine, int fd)
{
    void *aligned = aligned_alloc(4096, 4096);
    if (aligned == NULL)
        die("aligned_alloc");
    memset(aligned, 'q', 4096);
    if (pwrite(fd, aligned, 4096, 0) != 4096)
        die("pwrite O_DIRECT");
    for (int round = 0; round < 50; round++) {
        caio_op_t rd = op(round % 4, CAIO_OP_READ, fd, 0, aligned, 4096);
        caio_completion_t got[4];
        int64_t res[4];
        int bad, n = ops->submit_collect(engine, &rd, 1, &bad, got, 4);
        CHECK(n == 0 || (n == 1 && got[0].result == 4096), "%s: O_DIRECT round %d: %d", ops->name,
              round, n);
        if (n == 0) {
            engine_collect(ops, engine, 1, res, NULL);
            CHECK(res[round % 4] == 4096, "%s: O_DIRECT read %lld", ops->name,
                  (long long)res[round % 4]);
        }
    }
    free(aligned);
}

intptr_t engine_reap_until_end(const caio_engine_ops_t *ops, void *engine, int batch)
{
    caio_completion_t c[64];
    intptr_t n = 0;
    int got;
    while ((got = ops->reap(engine, c, batch < 64 ? batch : 64)) > 0)
        n += got;
    return n;
}

void engine_finish_after_shutdown(const caio_engine_ops_t *ops, void *engine)
{
    caio_completion_t c[4];
    CHECK(ops->reap(engine, c, 4) == -1, "reap after shutdown must say -1");
    CHECK(ops->destroy(engine) == 0, "destroy");
}

void *completion_board_reaper(void *arg)
{
    completion_board_t *b = arg;
    caio_completion_t c[64];
    intptr_t total = 0;
    int got;
    while ((got = b->ops->reap(b->engine, c, b->batch < 64 ? b->batch : 64)) > 0) {
        for (int i = 0; i < got; i++) {
            b->res[c[i].slot] = c[i].result; /* published by the flag below */
            atomic_store(&b->done[c[i].slot], 1);
        }
        total += got;
    }
    return (void *)total;
}

void completion_board_wait(completion_board_t *b, int first, int n, int64_t want)
{
    for (int k = 0; k < n; k++) {
        while (!atomic_load(&b->done[first + k]))
            pause_ms(1);
        atomic_store(&b->done[first + k], 0);
        CHECK(b->res[first + k] == want, "slot %d result %lld", first + k,
              (long long)b->res[first + k]);
    }
}

void alloc_pattern_buffers(int n, const int64_t *offs, const size_t *lens, unsigned char **w,
                           unsigned char **r)
{
    for (int i = 0; i < n; i++) {
        w[i] = malloc(lens[i]);
        r[i] = calloc(1, lens[i]);
        if (w[i] == NULL || r[i] == NULL)
            die("malloc");
        for (size_t k = 0; k < lens[i]; k++)
            w[i][k] = pattern(offs[i] + (int64_t)k);
    }
}

void free_buffers(int n, unsigned char **w, unsigned char **r)
{
    for (int i = 0; i < n; i++) {
        free(w[i]);
        free(r[i]);
    }
}

void check_reads(int n, const int64_t *res, const size_t *lens, unsigned char **r,
                 unsigned char **w)
{
    for (int i = 0; i < n; i++) {
        CHECK(res[i] == (int64_t)lens[i], "read %d returned %lld", i, (long long)res[i]);
        CHECK(memcmp(r[i], w[i], lens[i]) == 0, "read %d content differs", i);
    }
}

void eof_fixture(int fd, const char *dir, int *dirfd, int *closed)
{
    char data[100];
    memset(data, 'd', sizeof(data));
    if (pwrite(fd, data, sizeof(data), 0) != (ssize_t)sizeof(data))
        die("pwrite");
    *dirfd = open(dir, O_RDONLY | O_DIRECTORY);
    if (*dirfd < 0)
        die(dir);
    *closed = dup(fd);
    close(*closed); /* invalid until the next open; the tests open nothing */
}

void eof_ops(caio_op_t *ops, int fd, int closed, int dirfd, char *buf, size_t len)
{
    ops[0] = op(0, CAIO_OP_READ, fd, 80, buf, len);      /* short read at EOF */
    ops[1] = op(1, CAIO_OP_READ, fd, 100, buf, len);     /* at EOF */
    ops[2] = op(2, CAIO_OP_READ, fd, 1 << 20, buf, len); /* far past EOF */
    ops[3] = op(3, CAIO_OP_READ, -1, 0, buf, len);       /* Java fd already closed */
    ops[4] = op(4, CAIO_OP_READ, closed, 0, buf, len);   /* the kernel says EBADF */
    ops[5] = op(5, CAIO_OP_READ, dirfd, 0, buf, len);
    ops[6] = op(6, CAIO_OP_FSYNC, closed, 0, NULL, 0);
}

void check_eof_reads(const int64_t *res)
{
    CHECK(res[0] == 20, "short read %lld", (long long)res[0]);
    CHECK(res[1] == 0 && res[2] == 0, "EOF reads %lld %lld", (long long)res[1], (long long)res[2]);
}

void check_rejected_batches(const caio_engine_ops_t *ops, void *e, int fd, char *buf)
{
    int bad;
    caio_op_t dup_slot[2] = {op(1, CAIO_OP_READ, fd, 0, buf, 1), op(1, CAIO_OP_READ, fd, 0, buf, 1)};
    CHECK(ops->submit(e, dup_slot, 2, &bad) == -EBUSY && bad == 1, "dup slot bad=%d", bad);
    caio_op_t inval[3] = {op(1, CAIO_OP_READ, fd, 0, buf, 1), op(2, 9, fd, 0, buf, 1),
                          op(3, CAIO_OP_READ, fd, -1, buf, 1)};
    CHECK(ops->submit(e, inval, 3, &bad) == -EINVAL && bad == 1, "bad kind bad=%d", bad);
    inval[1] = op(8, CAIO_OP_READ, fd, 0, buf, 1);
    CHECK(ops->submit(e, inval, 2, &bad) == -EINVAL && bad == 1, "bad slot bad=%d", bad);
    CHECK(ops->submit(e, &inval[2], 1, &bad) == -EINVAL && bad == 0, "bad offset");
    caio_op_t nullbuf = op(1, CAIO_OP_WRITE, fd, 0, NULL, 5);
    CHECK(ops->submit(e, &nullbuf, 1, &bad) == -EINVAL, "NULL buffer with length");
}

int run_tests(const caio_test_t *tests, size_t count, unsigned alarm_seconds)
{
    alarm(alarm_seconds);
    for (size_t i = 0; i < count; i++) {
        int before = failures;
        tests[i].fn();
        printf("%-28s %s\n", tests[i].name, failures == before ? "ok" : "FAILED");
        fflush(stdout);
    }
    printf("%s (%d failure%s)\n", failures ? "FAILED" : "PASSED", failures, failures == 1 ? "" : "s");
    return failures ? 1 : 0;
}

/* Rounds of SHARED_OPS cached 4 KiB reads through submit_collect while a
 * completion thread reaps: a batch this big is shared between the two
 * threads (the io_uring helper ring, the AIO engine's chunks), so both
 * submit and deliver.  Every op completes once, with its data. */
enum { SHARED_OPS = 32, SHARED_LEN = 4096, SHARED_ROUNDS = 2000 };

static int shared_block_ok(const unsigned char *b, int i)
{
    for (int k = 0; k < SHARED_LEN; k++)
        if (b[k] != pattern((int64_t)i * SHARED_LEN + k))
            return 0;
    return 1;
}

void engine_check_shared_batches(const caio_engine_ops_t *ops, void *engine, int fd)
{
    static unsigned char bufs[SHARED_OPS][SHARED_LEN];
    for (int i = 0; i < SHARED_OPS; i++) {
        for (int k = 0; k < SHARED_LEN; k++)
            bufs[0][k] = pattern((int64_t)i * SHARED_LEN + k);
        if (pwrite(fd, bufs[0], SHARED_LEN, (off_t)i * SHARED_LEN) != SHARED_LEN)
            die("pwrite");
    }
    _Atomic int done[SHARED_OPS];
    int64_t res[SHARED_OPS];
    for (int i = 0; i < SHARED_OPS; i++)
        atomic_init(&done[i], 0);
    completion_board_t b = {.ops = ops, .engine = engine, .batch = 64, .done = done, .res = res};
    pthread_t reaper;
    if (pthread_create(&reaper, NULL, completion_board_reaper, &b) != 0)
        die("pthread_create");
    caio_op_t batch[SHARED_OPS];
    caio_completion_t c[SHARED_OPS];
    long inline_total = 0;
    for (int r = 0; r < SHARED_ROUNDS && failures == 0; r++) {
        for (int i = 0; i < SHARED_OPS; i++) {
            memset(bufs[i], 0, SHARED_LEN);
            batch[i] = op(i, CAIO_OP_READ, fd, (int64_t)i * SHARED_LEN, bufs[i], SHARED_LEN);
        }
        int bad;
        int got = ops->submit_collect(engine, batch, SHARED_OPS, &bad, c, SHARED_OPS);
        CHECK(got >= 0, "round %d: %d", r, got);
        for (int i = 0; i < got; i++) {
            res[c[i].slot] = c[i].result;
            atomic_store(&done[c[i].slot], 1);
        }
        inline_total += got > 0 ? got : 0;
        completion_board_wait(&b, 0, SHARED_OPS, SHARED_LEN);
        for (int i = 0; i < SHARED_OPS; i++)
            if (!shared_block_ok(bufs[i], i)) {
                CHECK(0, "round %d slot %d: wrong data", r, i);
                break;
            }
    }
    ops->shutdown(engine);
    void *total;
    pthread_join(reaper, &total);
    CHECK(failures > 0 || (intptr_t)total + inline_total == (intptr_t)SHARED_ROUNDS * SHARED_OPS,
          "completions %ld + %ld", (long)(intptr_t)total, inline_total);
    printf("  %d rounds of %d: %ld delivered by the submitter, %ld by the completion thread\n",
           SHARED_ROUNDS, SHARED_OPS, inline_total, (long)(intptr_t)total);
}

int waiting(int fd)
{
    int n = -1;
    if (ioctl(fd, FIONREAD, &n) != 0)
        die("FIONREAD");
    return n;
}

void streams_open(streams_t *s, unsigned efd_count)
{
    snprintf(s->dir_path, sizeof(s->dir_path), "/tmp/caio-streams-XXXXXX");
    if (pipe(s->pipe) != 0 || socketpair(AF_UNIX, SOCK_STREAM, 0, s->sock) != 0)
        die("pipe");
    s->efd = eventfd(efd_count, EFD_NONBLOCK);
    if (s->efd < 0 || mkdtemp(s->dir_path) == NULL)
        die("eventfd");
    snprintf(s->fifo_path, sizeof(s->fifo_path), "%s/f", s->dir_path);
    if (mkfifo(s->fifo_path, 0600) != 0)
        die("mkfifo");
    s->fifo = open(s->fifo_path, O_RDWR);
    s->dir = open(s->dir_path, O_RDONLY | O_DIRECTORY);
    if (s->fifo < 0 || s->dir < 0)
        die("open fifo");
}

void streams_close(streams_t *s)
{
    close(s->dir);
    close(s->fifo);
    unlink(s->fifo_path);
    rmdir(s->dir_path);
    close(s->efd);
    close(s->sock[0]);
    close(s->sock[1]);
    close(s->pipe[0]);
    close(s->pipe[1]);
}
