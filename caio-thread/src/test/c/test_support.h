/*
 * test_support.h - what only the pool tests need (no JVM involved); the
 * engine-independent helpers are in caio-native's caio_test_common.h.
 */
#ifndef CAIO_TEST_SUPPORT_H_
#define CAIO_TEST_SUPPORT_H_

#include "caio_test_common.h"
#include "caio_thread_pool.h"

#include <pthread.h>

/* Reads of the gate fd (through the pool's pread) block until released;
 * gate_wait_blocked(n) returns once n workers are stuck there. */
void gate_close(int fd);
void gate_wait_blocked(int n);
void gate_release(void);
/* Whether the gate also holds inline (preadv2) reads of its fd. */
void gate_inline(int on);

/* RWF_NOWAIT reads of fd (the inline path) return at most `partial` bytes
 * once, then EAGAIN; nowait_calls counts them. */
void nowait_refuse(int fd, int partial);
extern _Atomic int nowait_calls;

/* Option bits new_pool passes to caio_pool_create besides the pool size
 * (0: workers only). */
extern int pool_flags;
caio_pool_t *new_pool(int max_requests, int threads);
int temp_file(void); /* already unlinked */
void submit_ok(caio_pool_t *p, const caio_op_t *ops, int n);
/* Reaps exactly n completions; counts[slot] (optional) detects duplicates. */
void collect(caio_pool_t *p, int n, int64_t *results, int *counts);
/* shutdown; 0 once it returned with every worker joined (the pool
 * terminated), else -1. */
int shutdown_joined(caio_pool_t *p);
/* A thread's body: shutdown_joined(pool), as a pointer (NULL for 0). */
void *shutdown_thread(void *pool);
/* Starts a shutdown on another thread and returns once it has begun (the
 * pool is stopping), with the stats of that moment in *st. */
pthread_t start_shutdown(caio_pool_t *p, caio_pool_stats_t *st);
/* shutdown, check that reap reports the end, destroy. */
void finish(caio_pool_t *p);

/* test_thread_inline.c: the tests of inline page-cache reads. */
void test_inline_reads(void);
void test_submitter_keeps_half(void);

#endif /* CAIO_TEST_SUPPORT_H_ */
