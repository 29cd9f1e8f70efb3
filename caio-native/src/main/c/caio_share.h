/*
 * caio_share.h - the one policy by which every engine shares a batch
 * between the thread that submits it and the engine's completion thread,
 * and by which its threads wait.
 *
 * When the kernel copies inline (a page-cache read or write is copied inside
 * the submitting system call), a batch of n operations costs its submitter
 * n copies.  With a second core, the completion thread can take half of
 * them.  The policy is decided from three facts a reader can check on any
 * machine, measured once per library (caio_share_policy):
 *   - cores: with one, there is nobody to share with;
 *   - S, what a system call costs (caio_syscall_cost.h), which varies
 *     tenfold between machines;
 *   - C, what the kernel spends copying one 4 KiB page-cache page.
 * docs/performance.md ("One sharing policy") has the derivations and the
 * measurements behind them.
 */
#ifndef CAIO_SHARE_H_
#define CAIO_SHARE_H_

#include <stdbool.h>
#include <stdint.h>

typedef struct caio_share {
    int cores;      /* online CPUs */
    long syscall_ns; /* S */
    long copy_ns;    /* C */
} caio_share_t;

/* Measured at the first call (about 0.1 ms), then the same for the life of
 * the library; thread-safe. */
const caio_share_t *caio_share_policy(void);

/* A batch is shared from this many inline copies on.  Waking the
 * completion thread costs a few microseconds (futex wake, switch-in),
 * which about 8 page copies, half of them taken over, repay. */
#define CAIO_SHARE_MIN 8

/* The most operations one system call carries for a shared batch (the
 * size of the stack arrays that stage a chunk). */
#define CAIO_SHARE_CHUNK_MAX 16

/* Whether a batch of n inline copies is worth sharing. */
static inline bool caio_share_batch(const caio_share_t *p, int n)
{
    return p->cores > 1 && n >= CAIO_SHARE_MIN;
}

/* Operations each thread moves into the kernel per system call when two
 * threads feed a shared batch of n: fewer calls (n/(2k) each, S apiece)
 * against a longer tail (the caller waits for the last chunk, about k*C/2
 * of imbalance); their sum is least at k = sqrt(n*S/C).  In [1,
 * CAIO_SHARE_CHUNK_MAX]. */
int caio_share_chunk(const caio_share_t *p, int n);

/* Of n sharable operations, how many the submitter runs itself without
 * passing them through the shared queue: its half, since exactly two
 * threads share a batch. */
static inline int caio_share_own(int n)
{
    return n / 2;
}

/* How long a thread about to sleep first polls for its next request or
 * completion.  At queue depth one usually arrives within microseconds, and
 * polling for about what a sleep and its wake-up cost is never worse than
 * twice the better of the two choices (spin-then-block). */
#define CAIO_SPIN_NS 5000L
/* A completion thread that also runs a caller's work spans one of the
 * caller's turns (take completions, submit again: a few wake-ups' worth)
 * before giving up the core. */
#define CAIO_SPIN_LONG_NS (4 * CAIO_SPIN_NS)

#endif /* CAIO_SHARE_H_ */
