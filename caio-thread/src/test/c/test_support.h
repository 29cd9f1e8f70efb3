/*
 * test_support.h - helpers shared by the pool tests (no JVM involved).
 */
#ifndef CAIO_TEST_SUPPORT_H_
#define CAIO_TEST_SUPPORT_H_

#include "caio_thread_pool.h"

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

/* Reads of the gate fd (through the pool's pread) block until released;
 * gate_wait_blocked(n) returns once n workers are stuck there. */
void gate_close(int fd);
void gate_wait_blocked(int n);
void gate_release(void);

caio_pool_t *new_pool(int max_requests, int threads);
int temp_file(void); /* already unlinked */
unsigned char pattern(int64_t pos);
caio_op_t op(int slot, int kind, int fd, int64_t off, void *addr, size_t len);
void submit_ok(caio_pool_t *p, const caio_op_t *ops, int n);
/* Reaps exactly n completions; counts[slot] (optional) detects duplicates. */
void collect(caio_pool_t *p, int n, int64_t *results, int *counts);
int count_threads(void);
/* shutdown, check that reap reports the end, destroy. */
void finish(caio_pool_t *p);

#endif /* CAIO_TEST_SUPPORT_H_ */
