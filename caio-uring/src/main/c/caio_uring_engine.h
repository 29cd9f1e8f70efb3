/*
 * caio_uring_engine.h - the io_uring engine behind caio-uring, the C port of
 * Python caio's linux_uring.  Pure C (no JNI) so it can be driven by a C
 * test under ASan/UBSan; caio_uring_backend.c binds it to the JNI face.
 *
 * Lifecycle: create -> (submit | cancel | reap)* -> shutdown -> reap until
 * -1 -> destroy.  Each submitted slot completes exactly once; the slot stays
 * busy until its completion is reaped.
 *
 * Threads: any number of submitters, cancellers and reapers at once.
 * io_uring ties a request to the thread that submitted it: should that
 * thread exit while the request still waits (for a pipe, an io-wq worker),
 * the kernel completes it with -ECANCELED.  Such a request, not cancelled by
 * us, is resubmitted from the reaping thread (see caio_uring_reap.c).
 */
#ifndef CAIO_URING_ENGINE_H_
#define CAIO_URING_ENGINE_H_

#include <stddef.h>
#include <stdint.h>

#include "caio_engine.h"

/* create's option bits; the others are reserved and rejected. */
#define CAIO_URING_OPT_SQPOLL 1
/* A page-aligned staging arena registered with IORING_REGISTER_BUFFERS:
 * ops whose whole range lies inside it use READ_FIXED/WRITE_FIXED.  Falls
 * back silently (no arena) when registration is refused. */
#define CAIO_URING_OPT_REG_BUFFERS 2
/* One ring only: no helper ring for the completion thread to share big
 * batches through (see caio_uring_internal.h). */
#define CAIO_URING_OPT_NO_HELPER 4
/* Bits 8-12: how many pending ops each thread moves into its ring per
 * io_uring_enter, 1-16; 0 lets the sharing policy pick it for each shared
 * batch from its size (caio_share_chunk). */
#define CAIO_URING_OPT_CHUNK_SHIFT 8
#define CAIO_URING_OPT_CHUNK (0x1f << CAIO_URING_OPT_CHUNK_SHIFT)
#define CAIO_URING_OPTS (CAIO_URING_OPT_SQPOLL | CAIO_URING_OPT_REG_BUFFERS | CAIO_URING_OPT_NO_HELPER | \
                         CAIO_URING_OPT_CHUNK)
#define CAIO_URING_SQPOLL_IDLE_MS 50

/* The engine is caio_engine.h's struct caio_engine in this library. */
typedef struct caio_engine caio_uring_t;

/* The engine behind caio_engine.h's interface, for the JNI face and tests. */
extern const caio_engine_ops_t caio_uring_ops;

/* Counters for tests and diagnostics; a snapshot. */
typedef struct caio_uring_stats {
    int ops_in_kernel;     /* staged or running, CQE not yet seen */
    int cancels_in_kernel; /* ASYNC_CANCEL requests without their CQE */
    int completions_pending; /* seen, not yet reaped */
    int pending; /* waiting in the pending queue for a ring */
    int lanes;   /* 2 with the helper ring */
    unsigned long helped; /* ops the helper ring took */
    int stopping;
    int terminated;
    int sqpoll;
    int reg_buffers; /* the arena is registered */
    unsigned sq_entries, cq_entries;
    unsigned long overflow_flushes; /* CQ overflow lists moved into the CQ */
    unsigned long retried; /* resubmissions after a foreign -ECANCELED */
} caio_uring_stats_t;

/* NULL on failure with *err (positive errno) and *what (failing call, or
 * the bad argument when *err is EINVAL) set; nothing is left behind. */
caio_uring_t *caio_uring_create(int max_requests, int option, int *err, const char **what);
/* All or nothing: 0, -EINVAL (*bad = index), -EBUSY (*bad = index of a slot
 * in use or repeated) or -ESHUTDOWN.  Ops on fd < 0 complete with -EBADF. */
int caio_uring_submit(caio_uring_t *e, const caio_op_t *ops, int count, int *bad);
/* submit, then poll into out: the completions of page-cache hits come
 * back in the same call, and the eventfd stays silent for them.  Returns
 * how many were stored, or submit's error. */
int caio_uring_submit_collect(caio_uring_t *e, const caio_op_t *ops, int count, int *bad,
                              caio_completion_t *out, int max);
/* Blocks until a completion exists; -1 once shut down and drained. */
int caio_uring_reap(caio_uring_t *e, caio_completion_t *out, int max);

/* The calling thread is about to block on the request in slot: if it is in
 * the submitting ring and nobody else waits there, waits in that ring (see
 * caio_uring_await.c) until completions exist and stores up to max of
 * them, any slot's; returns how many, 0 when it did not wait or the engine
 * stops, -EINVAL for a slot out of range. */
int caio_uring_await(caio_uring_t *e, int32_t slot, caio_completion_t *out, int max);

/* reap without blocking: what is already complete (0 if nothing). */
int caio_uring_poll(caio_uring_t *e, caio_completion_t *out, int max);
/* Asks the kernel to cancel the slot's request: 0 (the outcome, -ECANCELED
 * or the real result, arrives through reap exactly once), 1 for an op still
 * in the pending queue (it completes with -ECANCELED without reaching the
 * kernel), or -EINVAL for a slot out of range. */
int caio_uring_cancel(caio_uring_t *e, int32_t slot);
/* Idempotent: refuses new work, cancels what is in flight, returns once the
 * kernel holds no request (so no buffer is written any more) and every
 * completion waits for reap; wakes reapers. */
void caio_uring_shutdown(caio_uring_t *e);
/* Shuts down if needed, waits for pinned callers (caio_head.h), unmaps
 * and frees; -1 for a handle that is not a live engine. */
int caio_uring_destroy(caio_uring_t *e);

/* The registered staging arena: its address (NULL without one), *len its
 * size; slot i < len / *stride owns *slot_size bytes at i * *stride.
 * Valid until destroy; only ever written by the kernel for ops in flight. */
void *caio_uring_arena(caio_uring_t *e, size_t *len, size_t *slot_size, size_t *stride);

/* "sqpoll=off nodrop=on single_mmap=on sq=64 cq=128 reg_buffers=off
 * quiet_submit=on helper_ring=on copy=<C>ns chunk=16(syscall <S>ns)", the
 * tail "chunk=<n>" when the option forces a chunk. */
void caio_uring_features(caio_uring_t *e, char *buf, size_t len);
void caio_uring_stats(caio_uring_t *e, caio_uring_stats_t *out);

/* NULL if io_uring works here; else one line: the reason and its fix,
 * written into buf. */
const char *caio_uring_probe(char *buf, size_t len);
/* Test seam: while err != 0, probe and create act as if io_uring_setup
 * failed with err. */
void caio_uring_inject_setup_failure(int err);
/* Test seam: while err != 0, the optional feature `point` (1: SQPOLL setup,
 * 2: buffer registration, 3: the helper ring) is refused with err, to
 * exercise the fallback. */
void caio_uring_inject_failure(int point, int err);
/* Test seam: while on, submitters leave shared batches in the pending
 * queue for the completion thread's helper ring alone. */
void caio_uring_test_defer_to_helper(int on);
/* Test seam: while on, reads and writes of descriptors without positional
 * I/O go to the kernel instead of failing with ESPIPE, so that the cancel
 * and shutdown tests can park a read of an empty pipe there. */
void caio_uring_test_allow_streams(int on);

#endif /* CAIO_URING_ENGINE_H_ */
