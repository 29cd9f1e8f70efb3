/*
 * caio_uring_internal.h - the engine's state, shared by the files that make
 * it up: caio_uring_engine.c (lifecycle), caio_uring_sqe.c (filling and
 * flushing SQEs), caio_uring_submit.c (placing a batch), caio_uring_pending.c
 * (the shared batch's pending queue), caio_uring_cancel.c (cancels and
 * retries) and caio_uring_reap.c (CQ side, shutdown).
 *
 * Two rings ("lanes"): lane 0 takes what Java threads submit, cancels and
 * retries; lane 1, the helper ring, is fed only by the completion thread.
 * io_uring copies a page-cache hit inside io_uring_enter under the ring's
 * own mutex, so one ring copies on one core however many threads submit to
 * it.  A batch the sharing policy shares (caio_share.h) therefore waits in
 * the pending queue, and the submitter and the completion thread each move
 * chunks of it into their own ring: both cores copy.  Without a helper ring
 * (SQPOLL, the option off, or a kernel that refused a second ring)
 * everything goes straight to lane 0 as before.
 *
 * Locks: a lane's sq_lock serialises everything that writes its SQEs;
 * pend_lock the pending queue; cq_lock everything that consumes CQEs or
 * touches the done queue.  Order: lane 0's sq_lock, lane 1's sq_lock,
 * pend_lock, cq_lock; never the other way.
 */
#ifndef CAIO_URING_INTERNAL_H_
#define CAIO_URING_INTERNAL_H_

#include "caio_uring_engine.h"
#include "caio_uring_ring.h"

#include "caio_done.h"
#include "caio_fd.h"
#include "caio_fifo.h"
#include "caio_head.h"
#include "caio_share.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

/* user_data layout: bit 63 marks our own ASYNC_CANCEL requests, whose CQEs
 * are bookkeeping and never reach Java; bits 32..62 are the slot's
 * generation, so a late cancel can never hit the slot's next request;
 * bits 0..31 the slot. */
#define UD_CANCEL (UINT64_C(1) << 63)
#define UD_GEN_MASK UINT32_C(0x7fffffff)

static inline uint64_t ud_make(uint32_t gen, int32_t slot)
{
    return ((uint64_t)(gen & UD_GEN_MASK) << 32) | (uint32_t)slot;
}

/* A slot is FREE, PENDING while it waits in the pending queue, KERNEL from
 * its SQE until its CQE is harvested, then DONE until reap hands it to Java. */
enum { SLOT_FREE = 0, SLOT_KERNEL, SLOT_DONE, SLOT_PENDING };

/* The mark of a live engine handle (caio_head.h). */
#define URING_MAGIC UINT64_C(0x43414955524e4721) /* "CAIURNG!" */

enum { LANE_SUBMIT = 0, LANE_HELPER = 1 };

/* One ring and its submission state. */
typedef struct uring_lane {
    uring_ring_t ring;
    pthread_mutex_t sq_lock;
    unsigned sq_tail;     /* sq_lock: our copy of the SQ tail */
    unsigned unsubmitted; /* sq_lock: published, not yet passed to io_uring_enter */
    int fixed;            /* the staging arena is registered with this ring */
} uring_lane_t;

/* Linux moves at most this much per read/write call (MAX_RW_COUNT); larger
 * requests come back short, which Java resumes. */
#define URING_MAX_RW 0x7ffff000u

typedef struct uring_slot {
    /* The op as submitted, kept whole until its SQE is written (a shared
     * batch waits in the pending queue) and to explain an O_DIRECT EINVAL. */
    caio_op_t op;
    int64_t result;
    uint32_t gen;
    uint8_t retries; /* cq_lock: resubmissions after a foreign -ECANCELED */
    uint8_t lane;    /* the ring it went into; set under pend_lock or lane 0's sq_lock */
    uint8_t refused; /* lane 0's sq_lock: the errno submit completes it with, never
                      * reaching the kernel (EBADF, ESPIPE), else 0 */
    _Atomic uint8_t cancel_sent; /* one ASYNC_CANCEL per submission */
    /* 1 once the request has an SQE (so its CQE will come), 0 while free:
     * a write the submitter copies itself never posts one, so a thread
     * waiting in the ring for it would sleep on (caio_uring_await.c). */
    _Atomic uint8_t in_ring;
    _Atomic uint8_t state;
} uring_slot_t;

/* The length an op's SQE carries. */
static inline uint32_t uring_len(const uring_slot_t *s)
{
    return s->op.len > URING_MAX_RW ? URING_MAX_RW : (uint32_t)s->op.len;
}

struct caio_engine {
    caio_head_t head; /* first (caio_head.h); head.max_requests slots */
    int efd; /* registered with IORING_REGISTER_EVENTFD */
    int sqpoll;
    /* Submitters that harvest their own completions silence the eventfd
     * around their io_uring_enter (IORING_CQ_EVENTFD_DISABLED); see
     * caio_uring_submit_collect.  Off with SQPOLL (the kernel thread
     * submits later) and on kernels without the flag. */
    int quiet_submit;
    /* lane[0] always; lane[1] only when lanes == 2. */
    uring_lane_t lane[2];
    int lanes;
    int helper_err; /* why the helper ring was refused, or 0 */
    /* Which batches are shared, and in what chunks (caio_share.h). */
    const caio_share_t *share;
    /* The chunk the CAIO_URING_OPT_CHUNK bits force, 1..CAIO_SHARE_CHUNK_MAX,
     * or 0: each shared batch of n moves caio_share_chunk(share, n). */
    int chunk;
    /* The registered staging arena (caio_uring_arena.c); NULL without. */
    char *arena;
    void *arena_block; /* what caio_malloc returned; arena is aligned in it */
    size_t arena_len, arena_slot, arena_stride; /* share i at arena + i * stride */
    int arena_err; /* why registration was refused, or 0 */
    uring_slot_t *slots;

    /* The last file a big batch was checked for O_DIRECT (see
     * batch_is_buffered): a stale answer only shares a batch that did not
     * need it, or not one that did. */
    caio_fd_memo_t fd_memo;
    _Atomic int stopping; /* written under every sq_lock, read by harvest too */
    int32_t *scratch;     /* lane 0's sq_lock: retries being resubmitted */

    pthread_mutex_t pend_lock;
    caio_fifo_t pending; /* PENDING slots, oldest first */
    caio_link_t *links;  /* pending's links, one per slot */
    int pend_chunk;      /* pend_lock: ops per io_uring_enter (both lanes) for the latest shared batch */
    unsigned long helped; /* pend_lock: ops the helper ring took (diagnostics) */

    pthread_mutex_t cq_lock;
    pthread_cond_t cq_cond;   /* followers wait while the leader polls */
    pthread_cond_t shut_cond; /* late shutdown callers wait for the first */
    int polling;              /* a leader sleeps in poll() on efd */
    int followers;
    caio_done_t done; /* harvested slots, in completion order */
    int32_t *retry; /* harvested -ECANCELED we did not ask for */
    int retry_count;
    int terminated;
    unsigned long overflow_flushes, retried; /* diagnostics */

    _Atomic int collecting; /* submitters inside submit_collect (see reap) */
    /* 1 while a thread waits in lane 0's ring for its own request
     * (caio_uring_await.c): only it harvests lane 0 then.  Set outside
     * cq_lock, read under it. */
    _Atomic int ring_waiter;
    _Atomic int ops_in_kernel;
    _Atomic int cancels_in_kernel;
};

/* caio_uring_arena.c.  Allocates and registers the arena; on refusal
 * frees it and records the errno in arena_err: the engine goes on without,
 * since it is an optimisation.  Never fails create. */
void uring_arena_open(caio_uring_t *e);
/* After the ring is closed: frees the arena. */
void uring_arena_free(caio_uring_t *e);

/* Whether [addr, addr + len) lies inside the registered arena. */
static inline int uring_in_arena(const caio_uring_t *e, uint64_t addr, uint32_t len)
{
    uint64_t base = (uint64_t)(uintptr_t)e->arena;
    return e->arena != NULL && addr >= base && addr - base <= e->arena_len &&
           len <= e->arena_len - (addr - base);
}

/* caio_uring_sqe.c; the lane's sq_lock held. */
/* Writes the slot's request into the SQE of its lane (the slot is KERNEL
 * and its lane set before this); flushes first if the SQ is full. */
void uring_queue_op_locked(caio_uring_t *e, int32_t slot);
/* caio_uring_sqe.c; the lane's sq_lock held.  The next free SQE, zeroed
 * (waits for the kernel to consume if the SQ is full); pair with
 * uring_publish_locked, which makes it visible to the kernel. */
struct io_uring_sqe *uring_next_sqe_locked(caio_uring_t *e, uring_lane_t *l);
void uring_publish_locked(uring_lane_t *l);
/* Writes an ASYNC_CANCEL for the slot's current submission into lane l,
 * the one its request went into. */
void uring_queue_cancel_locked(caio_uring_t *e, uring_lane_t *l, int32_t slot);
/* Hands every published SQE of the lane to the kernel. */
void uring_flush_locked(caio_uring_t *e, uring_lane_t *l);
/* uring_flush_locked, with the eventfd silent for what completes inside
 * the call when quiet (the caller harvests right after). */
void uring_flush_quiet_locked(caio_uring_t *e, uring_lane_t *l, bool quiet);

/* caio_uring_pending.c. */
/* Ops per io_uring_enter for a shared batch of n, on both lanes: what the
 * option forces, else the sharing policy's. */
int uring_chunk_for(const caio_uring_t *e, int n);
/* No lock held.  Moves up to pend_chunk pending ops into the lane's ring
 * with one io_uring_enter (quietly if quiet: the caller harvests next);
 * returns how many. */
int uring_issue_pending(caio_uring_t *e, int lane, int quiet);
/* pend_lock and cq_lock held: every pending op completes with -err. */
void uring_fail_pending_locked(caio_uring_t *e, int err);
/* Racy: whether ops wait in the pending queue; callers recheck. */
static inline int uring_has_pending(const caio_uring_t *e)
{
    return __atomic_load_n(&e->pending.count, __ATOMIC_RELAXED) > 0;
}

/* caio_uring_cancel.c. */
/* The lane's sq_lock held.  Queues ASYNC_CANCEL for every slot still in
 * the kernel through that lane, and flushes. */
void uring_cancel_all_locked(caio_uring_t *e, int lane);
/* No lock held.  Resubmits the retry list from this (the reaping) thread,
 * or completes it with -ECANCELED once stopping or cancelled meanwhile. */
void uring_resubmit_cancelled(caio_uring_t *e);

/* How often one submission is resubmitted after a -ECANCELED it did not
 * ask for, before the -ECANCELED goes to Java. */
#define URING_MAX_RETRIES 3

/* caio_uring_reap.c; cq_lock held. */
/* Moves every CQE (overflow included) into the done queue or, for a
 * foreign -ECANCELED, the retry list; returns how many ops it moved. */
int uring_harvest_locked(caio_uring_t *e);
/* The ring waiter's harvest of its lane alone; returns how many ops it moved. */
int uring_harvest_lane_locked(caio_uring_t *e, int lane);
void uring_push_done_locked(caio_uring_t *e, int32_t slot, int64_t result);
/* Wakes the poller and followers after the done queue or state changed. */
void uring_wake_locked(caio_uring_t *e);

#endif /* CAIO_URING_INTERNAL_H_ */
