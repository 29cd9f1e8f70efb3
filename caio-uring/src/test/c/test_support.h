/*
 * test_support.h - helpers shared by the io_uring engine tests (no JVM).
 */
#ifndef CAIO_TEST_SUPPORT_H_
#define CAIO_TEST_SUPPORT_H_

#include "caio_uring_engine.h"

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

caio_uring_t *new_engine(int max_requests, int option);
int temp_file(void); /* already unlinked */
unsigned char pattern(int64_t pos);
caio_op_t op(int slot, int kind, int fd, int64_t off, void *addr, size_t len);
void submit_ok(caio_uring_t *e, const caio_op_t *ops, int n);
/* Reaps exactly n completions; counts[slot] (optional) detects duplicates. */
void collect(caio_uring_t *e, int n, int64_t *results, int *counts);
/* Nothing in the kernel, nothing waiting to be reaped. */
void check_idle(caio_uring_t *e, const char *when);
/* shutdown, check that reap reports the end, destroy. */
void finish(caio_uring_t *e);

/* test_uring_many.c */
void test_many_submitters(void);

/* test_uring_cancel.c */
void test_cancel_pipe(void);
void test_cancel_races(void);
void test_shutdown_in_flight(void);
void test_submitter_exits(void);

#endif /* CAIO_TEST_SUPPORT_H_ */
