/*
 * test_linux_stress.c - cancellation, shutdown with work everywhere, many
 * submitters and batches shared with the completion thread.  "Still
 * pending" is made deterministic with the kernel cap seam (the kernel ring
 * takes at most N) and "still on the helper" with the fsync gate of
 * test_support.c.
 */
#define _GNU_SOURCE
#include "test_support.h"
#include "caio_linux_aio_int.h" /* the sharing policy and chunk */

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int data_file(int extra_flags, size_t size)
{
    int fd = extra_flags ? temp_file_flags(extra_flags) : temp_file();
    if (fd < 0)
        return -1;
    unsigned char *buf = aligned_alloc(4096, size);
    for (size_t i = 0; i < size; i++)
        buf[i] = pattern((int64_t)i);
    if (pwrite(fd, buf, size, 0) != (ssize_t)size)
        die("pwrite");
    free(buf);
    return fd;
}

void test_cancel(void)
{
    enum { N = 40, M = 64 };
    caio_laio_t *e = new_engine(M);
    int fd = data_file(0, 4096), gate = dup(fd);
    unsigned char one[N];
    int64_t res[M];
    int counts[M] = {0};
    caio_op_t ops[N];
    caio_laio_set_kernel_cap(e, 1); /* slot 0 goes to the kernel, the rest wait */
    for (int i = 0; i < N; i++)
        ops[i] = op(i, CAIO_OP_READ, fd, i, &one[i], 1);
    submit_ok(e, ops, N);
    caio_laio_stats_t st;
    caio_laio_stats(e, &st);
    CHECK(st.pending == N - 1 && st.in_kernel == 1, "pending %d in kernel %d", st.pending,
          st.in_kernel);

    /* Cancel 1..30 in an order that unlinks from head, tail and middle. */
    for (int i = 30; i >= 1; i -= 2)
        CHECK(caio_laio_cancel_slot(e, i) == 1, "cancel %d", i);
    for (int i = 1; i <= 30; i += 2)
        CHECK(caio_laio_cancel_slot(e, i) == 1, "cancel %d", i);
    for (int i = 1; i <= 30; i++)
        CHECK(caio_laio_cancel_slot(e, i) == 0, "second cancel %d", i);
    CHECK(caio_laio_cancel_slot(e, 0) == 0, "a request in the kernel runs to completion");
    CHECK(caio_laio_cancel_slot(e, M - 1) == 0, "unused slot");
    CHECK(caio_laio_cancel_slot(e, -1) == -EINVAL && caio_laio_cancel_slot(e, M) == -EINVAL,
          "range");
    int bad;
    CHECK(caio_laio_submit_ops(e, &ops[5], 1, &bad) == -EBUSY, "cancelled but unreaped slot");

    /* A refused sync queued behind a running one can be cancelled too. */
    caio_laio_set_refuse_sync(e, 1);
    sync_gate_close(gate);
    caio_op_t syncs[2] = {op(N, CAIO_OP_FSYNC, gate, 0, NULL, 0),
                          op(N + 1, CAIO_OP_FDSYNC, fd, 0, NULL, 0)};
    submit_ok(e, syncs, 1);
    sync_gate_wait_blocked();
    submit_ok(e, &syncs[1], 1);
    CHECK(caio_laio_cancel_slot(e, N + 1) == 1, "queued fallback sync");
    CHECK(caio_laio_cancel_slot(e, N) == 0, "running fallback sync");
    sync_gate_release();

    caio_laio_set_kernel_cap(e, 0);
    collect(e, N + 2, res, counts);
    for (int i = 0; i < N + 2; i++) {
        int64_t want = i >= 1 && i <= 30 ? -ECANCELED : i == N ? 0 : i == N + 1 ? -ECANCELED : 1;
        CHECK(res[i] == want && counts[i] == 1, "slot %d result %lld count %d", i,
              (long long)res[i], counts[i]);
        if (i < N && want == 1)
            CHECK(one[i] == pattern(i), "slot %d data", i);
    }
    caio_laio_stats(e, &st);
    CHECK(st.completions == 0 && st.pending == 0 && st.in_kernel == 0 && st.fallback == 0,
          "leftovers after cancel");
    close(gate);
    close(fd);
    finish(e);
}

static void *shutdown_thread(void *arg)
{
    caio_laio_shutdown(arg);
    return NULL;
}

static void *reap_until_end(void *arg)
{
    return (void *)engine_reap_until_end(&caio_linux_ops, arg, 3);
}

static void shutdown_everywhere(void)
{
    enum { M = 128, R = 100 };
    int base = count_threads();
    caio_laio_t *e = new_engine(M);
    int fd = data_file(0, 4096), gate = dup(fd);
    unsigned char buf[M];
    int64_t res[M];
    int counts[M] = {0};
    caio_op_t ops[R];
    caio_laio_set_kernel_cap(e, 4);
    caio_laio_set_refuse_sync(e, 1);
    sync_gate_close(gate);
    ops[0] = op(0, CAIO_OP_FSYNC, gate, 0, NULL, 0); /* runs on the helper, blocked */
    ops[1] = op(1, CAIO_OP_FSYNC, fd, 0, NULL, 0);   /* queued for the helper */
    submit_ok(e, ops, 1);
    sync_gate_wait_blocked();
    submit_ok(e, &ops[1], 1);
    for (int i = 0; i < R; i++)
        ops[i] = op(2 + i, CAIO_OP_READ, fd, i, &buf[2 + i], 1);
    submit_ok(e, ops, R); /* 4 in the kernel, the rest pending */

    pthread_t t1, t2;
    pthread_create(&t1, NULL, shutdown_thread, e);
    caio_laio_stats_t st;
    do {
        pause_ms(1);
        caio_laio_stats(e, &st);
    } while (!st.stopping);
    pthread_create(&t2, NULL, shutdown_thread, e); /* concurrent, must also wait */
    int bad;
    CHECK(caio_laio_submit_ops(e, ops, 1, &bad) == -ESHUTDOWN, "submit after shutdown");
    pause_ms(20);
    caio_laio_stats(e, &st);
    CHECK(!st.terminated && st.pending == 0, "terminated %d pending %d while the helper runs",
          st.terminated, st.pending);
    sync_gate_release();
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    CHECK(count_threads() == base, "helper not joined: %d threads, expected %d",
          count_threads(), base);
    collect(e, R + 2, res, counts);
    for (int i = 0; i < R + 2; i++) {
        int64_t want = i == 0 ? 0 : i == 1 ? -ECANCELED : i < 6 ? 1 : -ECANCELED;
        CHECK(res[i] == want && counts[i] == 1, "slot %d result %lld count %d", i,
              (long long)res[i], counts[i]);
    }
    caio_laio_shutdown(e); /* idempotent */
    finish(e);
    close(gate);
    close(fd);
}

/* O_DIRECT reads on a real disk are truly asynchronous: shutdown must wait
 * for them (their buffers are freed right after) and deliver each once. */
static void shutdown_with_io_in_flight(void)
{
    enum { M = 32, BLOCK = 32768 };
    int fd = data_file(O_DIRECT, (size_t)M * BLOCK);
    if (fd < 0)
        fd = data_file(0, (size_t)M * BLOCK); /* no O_DIRECT here: buffered */
    caio_laio_t *e = new_engine(M);
    unsigned char *buf = aligned_alloc(4096, (size_t)M * BLOCK);
    caio_op_t ops[M];
    for (int i = 0; i < M; i++)
        ops[i] = op(i, CAIO_OP_READ, fd, (int64_t)(M - 1 - i) * BLOCK, buf + (size_t)i * BLOCK,
                    BLOCK);
    pthread_t reaper;
    pthread_create(&reaper, NULL, reap_until_end, e);
    submit_ok(e, ops, M);
    caio_laio_shutdown(e);
    void *n;
    pthread_join(reaper, &n);
    CHECK((intptr_t)n == M, "reaped %ld of %d", (long)(intptr_t)n, M);
    for (int i = 0; i < M; i++)
        CHECK(buf[(size_t)i * BLOCK] == pattern((int64_t)(M - 1 - i) * BLOCK), "block %d", i);
    finish(e);
    free(buf);
    close(fd);
}

void test_shutdown_in_flight(void)
{
    shutdown_everywhere();
    shutdown_with_io_in_flight();

    /* A reaper blocked on an idle engine must be released by shutdown. */
    caio_laio_t *e = new_engine(4);
    pthread_t reaper;
    pthread_create(&reaper, NULL, reap_until_end, e);
    pause_ms(20);
    caio_laio_shutdown(e);
    void *n;
    pthread_join(reaper, &n);
    CHECK(n == NULL, "idle reaper got completions");
    CHECK(caio_laio_destroy_engine(e) == 0, "destroy");

    /* destroy without shutdown, helper started: joins and frees all. */
    int base = count_threads();
    e = new_engine(4);
    caio_laio_set_refuse_sync(e, 1);
    int fd = temp_file();
    caio_op_t o = op(0, CAIO_OP_FSYNC, fd, 0, NULL, 0);
    submit_ok(e, &o, 1);
    CHECK(caio_laio_destroy_engine(e) == 0, "destroy running engine");
    CHECK(count_threads() == base, "threads after destroy %d", count_threads());
    close(fd);
}

enum { SUBMITTERS = 3, OWN = 10, TOTAL = 2000, CHUNK = 512 };
static caio_laio_t *mp;
static int mfd;
static _Atomic int done_flag[SUBMITTERS * OWN];
static int64_t mres[SUBMITTERS * OWN];
/* Reaps 5 at a time, fewer than in flight: leftovers stay queued. */
static completion_board_t board = {&caio_linux_ops, NULL, 5, done_flag, mres};

/* Writes a batch, reads it back into zeroed buffers, compares; each op
 * counts towards the thread's quota. */
static void *many_submitter(void *arg)
{
    int t = (int)(intptr_t)arg, first = t * OWN;
    int quota = TOTAL / SUBMITTERS + (t == 0 ? TOTAL % SUBMITTERS : 0);
    unsigned char *buf = malloc((size_t)OWN * CHUNK);
    caio_op_t ops[OWN];
    for (int done = 0, round = 0; done < quota; round++) {
        int n = (quota - done) / 2 < OWN ? (quota - done) / 2 : OWN;
        int64_t base = ((int64_t)t * TOTAL + done) * CHUNK;
        for (int pass = 0; pass < 2; pass++) {
            for (int k = 0; k < n; k++) {
                unsigned char *b = buf + (size_t)k * CHUNK;
                for (int j = 0; j < CHUNK; j++)
                    b[j] = pass == 0 ? pattern(base + k * CHUNK + j + round) : 0;
                ops[k] = op(first + k, pass == 0 ? CAIO_OP_WRITE : CAIO_OP_READ, mfd,
                            base + k * CHUNK, b, CHUNK);
            }
            submit_ok(mp, ops, n);
            completion_board_wait(&board, first, n, CHUNK);
        }
        for (int j = 0; j < n * CHUNK; j++) {
            if (buf[j] != pattern(base + j + round)) {
                CHECK(0, "thread %d round %d byte %d", t, round, j);
                break;
            }
        }
        done += 2 * n;
    }
    free(buf);
    return NULL;
}

static void run_many(int cap)
{
    mp = new_engine(32);
    board.engine = mp;
    mfd = temp_file();
    caio_laio_set_kernel_cap(mp, cap);
    pthread_t reaper, sub[SUBMITTERS];
    pthread_create(&reaper, NULL, completion_board_reaper, &board);
    for (intptr_t t = 0; t < SUBMITTERS; t++)
        pthread_create(&sub[t], NULL, many_submitter, (void *)t);
    for (int t = 0; t < SUBMITTERS; t++)
        pthread_join(sub[t], NULL);
    caio_laio_stats_t st;
    caio_laio_stats(mp, &st);
    CHECK(cap == 0 || st.requeued > 0, "cap %d: EAGAIN path never taken", cap);
    caio_laio_shutdown(mp);
    void *total;
    pthread_join(reaper, &total);
    CHECK((intptr_t)total == TOTAL, "cap %d: completions %ld", cap, (long)(intptr_t)total);
    CHECK(caio_laio_destroy_engine(mp) == 0, "destroy");
    close(mfd);
}

void test_many_submitters(void)
{
    run_many(8); /* the kernel "ring" is full most of the time */
    run_many(0);
}

/* Policies on two cores, so that a batch is shared on any host: the S/C
 * ratio picks a shared batch's chunk (caio_share_chunk). */
static const caio_share_t two_cores[] = {
    {2, 1, 1000}, /* copies dear: a chunk of 1 */
    {2, 1, 2},    /* a chunk of 4 for 32 */
    {2, 1000, 1}, /* system calls dear: CAIO_SHARE_CHUNK_MAX */
};

/* Batches worth sharing are submitted in chunks by both the submitter and
 * the completion thread. */
void test_shared_batches(void)
{
    /* The policy this machine measured, then the chunks across their range. */
    for (int i = -1; i < (int)(sizeof(two_cores) / sizeof(two_cores[0])); i++) {
        caio_laio_t *e = new_engine(32);
        if (i >= 0) /* before any submit: nothing reads it yet */
            e->share = &two_cores[i];
        int chunk = caio_share_chunk(e->share, 32);
        CHECK(e->chunk >= 1 && chunk >= 1, "chunks %d/%d", e->chunk, chunk);
        printf("  chunk %d (cores %d, system call %ld ns, page copy %ld ns)\n", chunk,
               e->share->cores, e->share->syscall_ns, e->share->copy_ns);
        int fd = temp_file();
        engine_check_shared_batches(&caio_linux_ops, e, fd);
        close(fd);
        CHECK(caio_laio_destroy_engine(e) == 0, "destroy");
    }
}

/* Only batches that io_submit copies inline are shared with the completion
 * thread; an O_DIRECT batch goes to the device in one call. */
void test_direct_batch_not_shared(void)
{
    enum { N = 32, LEN = 4096 };
    unsigned char *blocks = aligned_alloc(4096, (size_t)N * LEN);
    if (blocks == NULL)
        die("aligned_alloc");
    caio_laio_t *e = new_engine(N);
    e->share = &two_cores[1]; /* a second core to share with, on any host */
    caio_laio_stats_t st;
    int fds[2] = {temp_file(), temp_file_flags(O_DIRECT)};
    for (int f = 0; f < 2; f++) {
        if (fds[f] < 0) {
            printf("  skipped: no O_DIRECT temp file (%s)\n", strerror(errno));
            break;
        }
        for (int i = 0; i < N * LEN; i++)
            blocks[i] = pattern(i + f);
        if (pwrite(fds[f], blocks, (size_t)N * LEN, 0) != N * LEN)
            die("pwrite");
        memset(blocks, 0, (size_t)N * LEN);
        caio_op_t ops[N];
        for (int i = 0; i < N; i++)
            ops[i] = op(i, CAIO_OP_READ, fds[f], (int64_t)i * LEN, blocks + (size_t)i * LEN, LEN);
        submit_ok(e, ops, N);
        int64_t res[N];
        int counts[N] = {0};
        collect(e, N, res, counts);
        int bad = 0;
        for (int i = 0; i < N * LEN; i++)
            bad += blocks[i] != pattern(i + f);
        for (int i = 0; i < N; i++)
            bad += res[i] != LEN || counts[i] != 1;
        caio_laio_stats(e, &st);
        CHECK(bad == 0, "%s batch: %d wrong", f ? "O_DIRECT" : "buffered", bad);
        CHECK(st.shared == 1, "%s batch: %ld batches shared", f ? "O_DIRECT" : "buffered", st.shared);
        close(fds[f]);
    }
    free(blocks);
    finish(e);
}
