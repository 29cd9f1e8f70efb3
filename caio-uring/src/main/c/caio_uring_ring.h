/*
 * caio_uring_ring.h - one io_uring instance over raw syscalls (no liburing,
 * so the library needs nothing but libc): setup, the three mmaps, and the
 * ring words shared with the kernel.
 *
 * Memory ordering: the kernel reads the SQ tail and writes the SQ head; it
 * writes the CQ tail and reads the CQ head.  Every read of a word the kernel
 * writes is an acquire, every write of a word it reads is a release, which
 * is exactly what liburing does (io_uring_smp_load_acquire / store_release).
 */
#ifndef CAIO_URING_RING_H_
#define CAIO_URING_RING_H_

#include <linux/io_uring.h>
#include <stddef.h>
#include <stdint.h>

/* Constants newer than the oldest header we may be built against.  The
 * values are kernel ABI and never change. */
#ifndef IORING_SETUP_CLAMP
#define IORING_SETUP_CLAMP (1U << 4)
#endif
#ifndef IORING_FEAT_NODROP
#define IORING_FEAT_NODROP (1U << 1)
#endif
#ifndef IORING_FEAT_SQPOLL_NONFIXED
#define IORING_FEAT_SQPOLL_NONFIXED (1U << 7)
#endif
#ifndef IORING_SQ_CQ_OVERFLOW
#define IORING_SQ_CQ_OVERFLOW (1U << 1)
#endif
#ifndef IO_URING_OP_SUPPORTED
#define IO_URING_OP_SUPPORTED (1U << 0)
#endif

/* IORING_MAX_ENTRIES since 5.4; the CQ may be twice that. */
#define URING_MAX_SQ_ENTRIES 32768u

typedef struct uring_ring {
    int fd;
    unsigned setup_flags; /* IORING_SETUP_* the kernel accepted */
    unsigned features;    /* IORING_FEAT_* it reported */
    unsigned sq_entries, cq_entries;
    unsigned sq_mask, cq_mask;
    unsigned *sq_head, *sq_tail, *sq_flags, *sq_array;
    unsigned *cq_head, *cq_tail;
    unsigned *cq_flags; /* IORING_CQ_EVENTFD_DISABLED lives here; NULL before 5.8 */
    struct io_uring_sqe *sqes;
    struct io_uring_cqe *cqes;
    void *sq_map, *cq_map, *sqe_map; /* cq_map == sq_map with SINGLE_MMAP */
    size_t sq_map_len, cq_map_len, sqe_map_len;
} uring_ring_t;

/* Creates a ring of `entries` SQEs (a power of two) and 2x CQEs, with
 * `flags` (IORING_SETUP_SQPOLL or 0) and the SQPOLL idle time.  Returns 0,
 * or -errno with *what naming the failing call; nothing is left open. */
int uring_ring_open(uring_ring_t *r, unsigned entries, unsigned flags,
                    unsigned sq_idle_ms, const char **what);
/* Unmaps and closes; safe on a zeroed or already closed ring. */
void uring_ring_close(uring_ring_t *r);

/* The raw syscalls: >= 0, or -errno. */
int uring_enter(int fd, unsigned to_submit, unsigned min_complete, unsigned flags);
int uring_register(int fd, unsigned opcode, void *arg, unsigned nr_args);

/* 0 if READ, WRITE, FSYNC and ASYNC_CANCEL are supported.  Otherwise
 * *missing says which one, phrased as the failing step for an IOException
 * ("io_uring opcode probe (kernel lacks IORING_OP_READ, needs 5.6+)"), and
 * the result is -EOPNOTSUPP, or -errno if IORING_REGISTER_PROBE itself
 * failed (EINVAL: a kernel before 5.6, so *missing names IORING_OP_READ). */
int uring_check_opcodes(int fd, const char **missing);

/* Test seam: while err != 0, io_uring_setup "fails" with err. */
void uring_inject_setup_failure(int err);
/* Test seams for the optional features, which must fall back silently:
 * while err != 0, io_uring_setup with IORING_SETUP_SQPOLL
 * (URING_FAIL_SQPOLL), IORING_REGISTER_BUFFERS
 * (URING_FAIL_REGISTER_BUFFERS) or the helper ring's setup
 * (URING_FAIL_HELPER_RING) fails with err. */
enum { URING_FAIL_SQPOLL = 1, URING_FAIL_REGISTER_BUFFERS = 2, URING_FAIL_HELPER_RING = 3 };
void uring_inject_failure(int point, int err);
/* The errno injected for the helper ring, or 0. */
int uring_injected_helper_ring_failure(void);

static inline unsigned uring_load_acquire(const unsigned *p)
{
    return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static inline void uring_store_release(unsigned *p, unsigned v)
{
    __atomic_store_n(p, v, __ATOMIC_RELEASE);
}

/* Completions waiting in the CQ (single consumer: the head is ours). */
static inline unsigned uring_cq_ready(const uring_ring_t *r)
{
    return uring_load_acquire(r->cq_tail) - __atomic_load_n(r->cq_head, __ATOMIC_RELAXED);
}

/* The kernel sets IORING_SQ_CQ_OVERFLOW when CQEs wait in its overflow
 * list (NODROP); only io_uring_enter(GETEVENTS) moves them into the CQ. */
static inline int uring_cq_overflowed(const uring_ring_t *r)
{
    return (uring_load_acquire(r->sq_flags) & IORING_SQ_CQ_OVERFLOW) != 0;
}

#endif /* CAIO_URING_RING_H_ */
