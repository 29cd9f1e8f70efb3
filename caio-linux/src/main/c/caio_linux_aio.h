/*
 * caio_linux_aio.h - the Linux native AIO engine (io_setup/io_submit/
 * io_getevents by raw syscall, one eventfd per engine), the C port of
 * Python caio's linux_aio.  Implements the caio_engine.h contract.
 *
 * Pure C on purpose: no JNI here, so the engine is tested (and run under
 * ASan/valgrind) without a JVM.
 *
 * What it adds to the bare syscalls, so the Java side never sees them:
 *   - EAGAIN from io_submit (kernel ring full) parks the rest of the batch in
 *     a pending FIFO, retried after completions are reaped;
 *   - an iocb the kernel refuses completes alone with -errno, the rest of the
 *     batch is still submitted;
 *   - fsync/fdatasync the kernel refuses with EINVAL run as syscalls on a
 *     helper thread owned by the engine;
 *   - EINVAL on a misaligned O_DIRECT request becomes -CAIO_E_MISALIGNED.
 */
#ifndef CAIO_LINUX_AIO_H_
#define CAIO_LINUX_AIO_H_

#include <stdint.h>

#include "caio_engine.h"

/* The engine's state (caio_linux_aio_int.h), behind the caio_engine_t of
 * the shared core. */
typedef struct caio_engine caio_laio_t;

/* The engine for the JNI face and the C tests: the functions below, create
 * to destroy, with caio_head.h pinning handles. */
extern const caio_engine_ops_t caio_linux_ops;

/* Counters for tests and diagnostics; a snapshot taken under the lock. */
typedef struct caio_laio_stats {
    int pending;        /* parked in the pending FIFO (EAGAIN) */
    int in_kernel;      /* being submitted or owned by the kernel */
    int fallback;       /* queued for or running on the sync helper */
    int completions;    /* posted, not yet reaped */
    int helper_started; /* the sync helper thread exists */
    int stopping;
    int terminated;
    long requeued;      /* requests ever parked again after EAGAIN */
    long shared;        /* batches ever submitted in chunks with the completion thread */
} caio_laio_stats_t;

/* Returns NULL on failure with *err (positive errno) and *what ("io_setup",
 * "eventfd", "malloc") set; nothing is left behind.  io_setup's EAGAIN means
 * fs.aio-max-nr is exhausted (max_requests counts against it).  option is
 * unused. */
caio_laio_t *caio_laio_create(int max_requests, int option, int *err, const char **what);

/* All-or-nothing: 0, -EINVAL (*bad = index of a malformed op), -EBUSY
 * (slot in use or repeated; *bad) or -ESHUTDOWN.  Per-op failures are
 * completions, never submit errors. */
int caio_laio_submit_ops(caio_laio_t *e, const caio_op_t *ops, int count, int *bad);

/* submit, then poll into out: buffered reads and writes, which complete
 * inside io_submit without touching the eventfd, come back in the same
 * call.  Returns how many were stored, or submit's error. */
int caio_laio_submit_collect(caio_laio_t *e, const caio_op_t *ops, int count, int *bad,
                             caio_completion_t *out, int max);

/* Blocks until a completion exists; -1 once shut down and drained. */
int caio_laio_reap(caio_laio_t *e, caio_completion_t *out, int max);

/* reap without blocking: what is already complete (0 if nothing). */
int caio_laio_poll(caio_laio_t *e, caio_completion_t *out, int max);

/* 1: completes with -ECANCELED without running (it was still pending or
 * queued for the helper); 0: it runs or ran; -EINVAL: slot out of range. */
int caio_laio_cancel_slot(caio_laio_t *e, int32_t slot);

/* Idempotent; returns once nothing is in the kernel or on the helper. */
void caio_laio_shutdown(caio_laio_t *e);

/* Shuts down, waits for pinned callers, io_destroy, frees; -1 if stale. */
int caio_laio_destroy_engine(caio_laio_t *e);

void caio_laio_stats(caio_laio_t *e, caio_laio_stats_t *out);

/* Test seam: every FSYNC/FDSYNC is treated as refused by io_submit with
 * EINVAL, so it takes the fsync(2)/fdatasync(2) fallback. */
void caio_laio_set_refuse_sync(caio_laio_t *e, int refuse);

/* Test seam: behave as if the kernel ring took at most cap requests (0 =
 * no cap), i.e. io_submit returns EAGAIN beyond it.  The real ring is sized
 * so EAGAIN is rare; this makes the pending FIFO testable. */
void caio_laio_set_kernel_cap(caio_laio_t *e, int cap);

#endif /* CAIO_LINUX_AIO_H_ */
