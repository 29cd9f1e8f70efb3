/*
 * test_support.h - what only the Linux AIO engine tests need (no JVM
 * involved); the engine-independent helpers are in caio_test_common.h.
 */
#ifndef CAIO_TEST_SUPPORT_H_
#define CAIO_TEST_SUPPORT_H_

#include "caio_test_common.h"
#include "caio_linux_aio.h"
#include "caio_linux_sys.h"

/* fsync/fdatasync are interposed (the test executable's definitions win
 * over libc's), which proves the fallback really calls them: these count
 * calls, and syncs of the gate fd block until released, which pins the
 * helper thread deterministically. */
extern _Atomic int fsync_calls, fdatasync_calls;
void sync_gate_close(int fd);
void sync_gate_wait_blocked(void);
void sync_gate_release(void);

caio_laio_t *new_engine(int max_requests);
/* A file in the build directory (a real filesystem, unlike a tmpfs /tmp),
 * already unlinked; extra_flags e.g. O_DIRECT.  -1 with errno on failure. */
int temp_file_flags(int extra_flags);
int temp_file(void);
void submit_ok(caio_laio_t *e, const caio_op_t *ops, int n);
/* Reaps exactly n completions; counts[slot] (optional) detects duplicates. */
void collect(caio_laio_t *e, int n, int64_t *results, int *counts);
/* /proc/sys/fs/aio-nr: events of all live AIO contexts on the host. */
long aio_nr(void);
/* shutdown, check that reap reports the end, destroy. */
void finish(caio_laio_t *e);

/* The heavier tests, in test_linux_stress.c. */
void test_cancel(void);
void test_shutdown_in_flight(void);
void test_many_submitters(void);
void test_shared_batches(void);
void test_direct_batch_not_shared(void);

#endif /* CAIO_TEST_SUPPORT_H_ */
