/*
 * caio_test_common.h - helpers every engine's C test harness shares (no JVM
 * involved): failure accounting, temp files, data patterns, thread counts,
 * a test runner, and submit/collect/finish written against the generic
 * engine interface (caio_engine.h).  What only one engine needs stays in
 * that engine's src/test/c/test_support.{h,c}.
 */
#ifndef CAIO_TEST_COMMON_H_
#define CAIO_TEST_COMMON_H_

#include "caio_engine.h"

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

extern int failures;

/* Records a failure and keeps going, so one run reports every broken rule. */
#define CHECK(cond, ...)                                                     \
    do {                                                                     \
        if (!(cond)) {                                                       \
            fprintf(stderr, "FAIL %s:%d: %s: ", __func__, __LINE__, #cond);  \
            fprintf(stderr, __VA_ARGS__);                                    \
            fputc('\n', stderr);                                             \
            failures++;                                                      \
        }                                                                    \
    } while (0)

/* Setup failures are not test failures: exit 2 at once. */
void die(const char *what);
void pause_ms(int ms);
/* Threads of this process (/proc/self/task). */
int count_threads(void);

/* mkostemp("<prefix>-XXXXXX", extra_flags), already unlinked; -1 with errno
 * on failure. */
int temp_file_at(const char *prefix, int extra_flags);
/* temp_file_at(prefix, 0), dying on failure. */
int temp_file_or_die(const char *prefix);
/* Bytes waiting to be read in a pipe, FIFO or socket. */
int waiting(int fd);

/* Descriptors without positional I/O (pread(2) refuses them with ESPIPE),
 * and a directory, for the engines' no_positional_io tests. */
typedef struct streams {
    int pipe[2]; /* read end, write end */
    int sock[2];
    int efd;     /* an eventfd; lseek(2) accepts it, pread(2) does not */
    int fifo;    /* opened O_RDWR: no wait for a peer */
    int dir;     /* the FIFO's directory, O_RDONLY | O_DIRECTORY */
    char dir_path[64];
    char fifo_path[80];
} streams_t;
/* Opens them all; the eventfd starts at efd_count.  Dies on failure. */
void streams_open(streams_t *s, unsigned efd_count);
void streams_close(streams_t *s);

/* The byte expected at file position pos. */
unsigned char pattern(int64_t pos);
caio_op_t op(int slot, int kind, int fd, int64_t off, void *addr, size_t len);

/* Submits n ops, exiting (setup failure) if the engine refuses them. */
void engine_submit_ok(const caio_engine_ops_t *ops, void *engine, const caio_op_t *o, int n);
/* Reaps exactly n completions in small batches (exercising partial reaps);
 * results[slot] gets each result, counts[slot] (optional) detects duplicates. */
void engine_collect(const caio_engine_ops_t *ops, void *engine, int n, int64_t *results,
                    int *counts);
/* For engines with submit_collect (slots 0..15 free): 16 reads of a
 * page-cached fd, of which submit_collect must hand back exactly 8 and reap
 * the rest, with the right data. */
void engine_check_collect_cached(const caio_engine_ops_t *ops, void *engine, int fd);
/* 50 O_DIRECT reads of fd through submit_collect (slots 0..3 free): what
 * is not back at once must reach reap. */
void engine_check_collect_direct(const caio_engine_ops_t *ops, void *engine, int fd);

/* Reaps `batch` at a time until reap says the end; the number reaped. */
intptr_t engine_reap_until_end(const caio_engine_ops_t *ops, void *engine, int batch);
/* For an engine already shut down: reap must report the end, destroy works. */
void engine_finish_after_shutdown(const caio_engine_ops_t *ops, void *engine);

/* Completions of many submitting threads, published per slot: a reaper
 * thread (completion_board_reaper, whose result is the number reaped) sets
 * res[slot] and then done[slot]; a submitter waits for its own slots. */
typedef struct completion_board {
    const caio_engine_ops_t *ops;
    void *engine;
    int batch; /* per reap, at most 64 */
    _Atomic int *done;
    int64_t *res;
} completion_board_t;
void *completion_board_reaper(void *board);
/* Waits for slots first..first+n-1, checks each result is want, re-arms. */
void completion_board_wait(completion_board_t *b, int first, int n, int64_t want);

/* Rounds of 32 cached reads through submit_collect against a completion
 * thread (the shared-batch paths); shuts the engine down at the end. */
void engine_check_shared_batches(const caio_engine_ops_t *ops, void *engine, int fd);

/* n write buffers w[i] of lens[i] bytes holding pattern() from offs[i] on,
 * and n zeroed read buffers r[i] of the same sizes; free_buffers frees them. */
void alloc_pattern_buffers(int n, const int64_t *offs, const size_t *lens, unsigned char **w,
                           unsigned char **r);
void free_buffers(int n, unsigned char **w, unsigned char **r);
/* Read i returned lens[i] (res[i]) and r[i] holds what w[i] holds. */
void check_reads(int n, const int64_t *res, const size_t *lens, unsigned char **r,
                 unsigned char **w);

/* The fixture of the EOF/error tests: 100 bytes 'd' written to fd, *dirfd a
 * directory opened read-only, *closed a descriptor number that is closed. */
void eof_fixture(int fd, const char *dir, int *dirfd, int *closed);
/* Slots 0..6 reading/syncing fd, -1, closed and dirfd (buf has len bytes). */
void eof_ops(caio_op_t *ops, int fd, int closed, int dirfd, char *buf, size_t len);
/* Slots 0..2 of eof_ops: short read at EOF, reads at and past EOF. */
void check_eof_reads(const int64_t *res);
/* Batches with a repeated slot, a bad kind, slot or offset, or a NULL buffer
 * are refused as a whole; engine must have max_requests 8. */
void check_rejected_batches(const caio_engine_ops_t *ops, void *engine, int fd, char *buf);

typedef struct caio_test {
    const char *name;
    void (*fn)(void);
} caio_test_t;
/* Runs each test under alarm(alarm_seconds) (a lost wakeup must fail the
 * run, not hang CI), prints ok/FAILED per test and a summary; exit status. */
int run_tests(const caio_test_t *tests, size_t count, unsigned alarm_seconds);

#endif /* CAIO_TEST_COMMON_H_ */
