/*
 * test_support.h - what only the io_uring engine tests need (no JVM); the
 * engine-independent helpers are in caio-native's caio_test_common.h.
 */
#ifndef CAIO_TEST_SUPPORT_H_
#define CAIO_TEST_SUPPORT_H_

#include "caio_test_common.h"
#include "caio_uring_engine.h"

caio_uring_t *new_engine(int max_requests, int option);
int temp_file(void); /* already unlinked */
int direct_temp_file(void); /* O_DIRECT in /var/tmp, already unlinked; -1 where unsupported */
void submit_ok(caio_uring_t *e, const caio_op_t *ops, int n);
/* Reaps exactly n completions; counts[slot] (optional) detects duplicates. */
void collect(caio_uring_t *e, int n, int64_t *results, int *counts);
/* Nothing in the kernel, nothing waiting to be reaped. */
void check_idle(caio_uring_t *e, const char *when);
/* shutdown, check that reap reports the end, destroy. */
void finish(caio_uring_t *e);

/* test_uring_streams.c */
void test_no_positional_io(void);

/* test_uring_many.c */
void test_many_submitters(void);

/* test_uring_fixed.c */
void test_sqpoll_refused(void);
void test_registered_buffers(void);
void test_registered_buffers_refused(void);

/* test_uring_helper.c */
void test_helper_ring(void);

void test_await_here(void);

/* test_uring_cancel.c */
void test_cancel_pipe(void);
void test_cancel_races(void);
void test_shutdown_in_flight(void);
void test_submitter_exits(void);

#endif /* CAIO_TEST_SUPPORT_H_ */
