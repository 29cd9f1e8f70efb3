/*
 * caio_uring_internal.h - the engine's state, shared by the files that make
 * it up: caio_uring_engine.c (lifecycle), caio_uring_submit.c (SQ side) and
 * caio_uring_reap.c (CQ side, shutdown).
 *
 * Locks: sq_lock serialises everything that writes SQEs (submit, cancel,
 * shutdown's cancels); cq_lock everything that consumes CQEs or touches the
 * done queue.  Order: sq_lock before cq_lock, never the other way.
 */
#ifndef CAIO_URING_INTERNAL_H_
#define CAIO_URING_INTERNAL_H_

#include "caio_uring_engine.h"
#include "caio_uring_ring.h"

#include <pthread.h>
#include <stdatomic.h>

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

/* A slot is FREE, or KERNEL from submit until its CQE is harvested, then
 * DONE until reap hands it to Java. */
enum { SLOT_FREE = 0, SLOT_KERNEL, SLOT_DONE };

typedef struct uring_slot {
    uint64_t addr; /* kept to explain an O_DIRECT EINVAL */
    int64_t off;
    int64_t result;
    uint32_t len;
    uint32_t gen;
    int fd;
    uint8_t kind;
    uint8_t retries; /* cq_lock: resubmissions after a foreign -ECANCELED */
    _Atomic uint8_t cancel_sent; /* one ASYNC_CANCEL per submission */
    _Atomic uint8_t state;
} uring_slot_t;

struct caio_uring {
    _Atomic uint64_t magic;
    _Atomic int callers;
    int max_requests;
    int efd; /* registered with IORING_REGISTER_EVENTFD */
    int sqpoll;
    /* Submitters that harvest their own completions silence the eventfd
     * around their io_uring_enter (IORING_CQ_EVENTFD_DISABLED); see
     * caio_uring_submit_collect.  Off with SQPOLL (the kernel thread
     * submits later) and on kernels without the flag. */
    int quiet_submit;
    uring_ring_t ring;
    /* The registered staging arena (caio_uring_arena.c); NULL without. */
    char *arena;
    void *arena_block; /* what caio_malloc returned; arena is aligned in it */
    size_t arena_len, arena_slot, arena_stride; /* share i at arena + i * stride */
    int arena_err; /* why registration was refused, or 0 */
    uring_slot_t *slots;

    pthread_mutex_t sq_lock;
    unsigned sq_tail;     /* our copy of the SQ tail */
    unsigned unsubmitted; /* published, not yet passed to io_uring_enter */
    _Atomic int stopping; /* written under sq_lock, read by harvest too */
    int32_t *scratch;     /* sq_lock: retries being resubmitted */

    pthread_mutex_t cq_lock;
    pthread_cond_t cq_cond;   /* followers wait while the leader polls */
    pthread_cond_t shut_cond; /* late shutdown callers wait for the first */
    int polling;              /* a leader sleeps in poll() on efd */
    int followers;
    int32_t *done; /* harvested slots, in completion order */
    int done_head, done_count;
    int32_t *retry; /* harvested -ECANCELED we did not ask for */
    int retry_count;
    int terminated;
    unsigned long overflow_flushes, retried; /* diagnostics */

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

/* caio_uring_submit.c; sq_lock held.  Queues ASYNC_CANCEL for every slot
 * still in the kernel and flushes. */
void uring_cancel_all_locked(caio_uring_t *e);
/* caio_uring_submit.c; no lock held.  Resubmits the retry list from this
 * (the reaping) thread, or completes it with -ECANCELED once stopping or
 * cancelled meanwhile. */
void uring_resubmit_cancelled(caio_uring_t *e);

/* How often one submission is resubmitted after a -ECANCELED it did not
 * ask for, before the -ECANCELED goes to Java. */
#define URING_MAX_RETRIES 3

/* caio_uring_reap.c; cq_lock held. */
/* Moves every CQE (overflow included) into the done queue or, for a
 * foreign -ECANCELED, the retry list; returns how many ops it moved. */
int uring_harvest_locked(caio_uring_t *e);
void uring_push_done_locked(caio_uring_t *e, int32_t slot, int64_t result);
/* Wakes the poller and followers after the done queue or state changed. */
void uring_wake_locked(caio_uring_t *e);

#endif /* CAIO_URING_INTERNAL_H_ */
