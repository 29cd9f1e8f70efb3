/*
 * caio_linux_aio_int.h - the engine's insides, shared by its three parts:
 * caio_linux_aio.c (lifecycle, queues, cancel, shutdown), caio_linux_submit.c
 * (submit, io_submit) and caio_linux_reap.c (completions, reap, the sync
 * helper thread).
 *
 * One mutex guards all state; io_submit and blocking waits run unlocked.
 * A slot's life: FREE -> PENDING (FIFO) -> KERNEL -> DONE -> FREE, with
 * detours PENDING -> DONE (cancel, fd < 0, shutdown), KERNEL -> PENDING
 * (EAGAIN), KERNEL -> FB_QUEUED -> FB_RUNNING -> DONE (refused sync).
 * Each path ends in exactly one post_completion.
 */
#ifndef CAIO_LINUX_AIO_INT_H_
#define CAIO_LINUX_AIO_INT_H_

#include "caio_linux_aio.h"
#include "caio_linux_sys.h"
#include "caio_done.h"
#include "caio_fd.h"
#include "caio_fifo.h"
#include "caio_head.h"
#include "caio_share.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#define NIL CAIO_NIL

/* HERE: a buffered write the submitter runs itself (caio_linux_submit.c),
 * counted in in_kernel until posted; cancel leaves it to finish. */
enum slot_state { FREE = 0, PENDING, KERNEL, FB_QUEUED, FB_RUNNING, DONE, HERE };

typedef struct request {
    /* The kernel reads it at io_submit and io_cancel finds the request by
     * its address, so it lives here, stable, while the slot is busy. */
    struct iocb cb;
    int64_t offset;
    void *addr;
    size_t len;
    int64_t result;
    int fd;
    uint8_t kind;
    uint8_t state;
    uint8_t quiet; /* completes inside io_submit: no eventfd (see build_iocb) */
    uint8_t positional; /* the Java side vouches for positional I/O: no ESPIPE check */
} request_t;

struct caio_engine {
    caio_head_t head; /* first: the shared core pins handles through it */
    _Atomic int refuse_sync;
    aio_context_t ctx;
    int efd; /* IOCB_FLAG_RESFD target, also poked for internal completions */
    request_t *reqs;
    caio_link_t *links; /* of the pending FIFO or the helper queue, one per slot */
    const caio_share_t *share; /* the sharing policy (caio_share.h) */

    pthread_mutex_t lock;
    caio_fifo_t pending;  /* not yet accepted by the kernel */
    caio_fifo_t fallback; /* syncs for the helper thread */
    caio_done_t done;     /* completed slots, in completion order */
    int in_kernel;   /* taken for io_submit or owned by the kernel */
    int kernel_cap;  /* test seam, 0 = none */
    _Atomic int collecting; /* submitters inside submit_collect (see take) */
    /* The last file a single write was checked for O_DIRECT (write_here):
     * a stale answer only moves one write between pwrite and io_submit. */
    caio_fd_memo_t fd_memo;
    long requeued;   /* statistics: EAGAIN returns to the FIFO */
    long shared;     /* statistics: batches submitted in shared chunks */
    /* A buffered read that hits the page cache is copied inside io_submit,
     * by the calling thread.  So a batch of such reads and writes that
     * caio_share_batch finds worth it is moved into the kernel in chunks of
     * caio_share_chunk requests, by the submitter and by the completion
     * thread, which is woken for it, and both cores copy.  The chunk of the
     * last shared batch, set when it is placed; the completion thread's. */
    int chunk;

    pthread_t helper;
    pthread_cond_t helper_cond;
    int helper_started, helper_stop, helper_busy;

    pthread_cond_t joined_cond; /* late shutdown callers wait here */
    int stopping;               /* no more submits */
    int terminated;             /* nothing left running anywhere */
};

/* All below: caller holds e->lock unless stated otherwise. */

/* Records the slot's one completion (state DONE). */
void post_completion(caio_laio_t *e, int32_t s, int64_t result);

/* Lets a blocked reaper see internal completions; any context, no lock
 * needed (an eventfd write). */
void wake_reaper(caio_laio_t *e);

/* Ends a request the kernel gave back (event or io_submit refusal) with
 * res: EINVAL on a sync goes to the helper thread, EINVAL on a misaligned
 * O_DIRECT read/write becomes -CAIO_E_MISALIGNED.  The slot must already be
 * uncounted from in_kernel. */
void finish_kernel_request(caio_laio_t *e, int32_t s, int64_t res);

/* Moves up to limit requests of the pending FIFO into the kernel with one
 * io_submit; takes the lock itself.  Returns how many left the FIFO for
 * good. */
int flush_pending(caio_laio_t *e, int limit);

/* Waits until the kernel and the helper hold nothing, then joins the helper
 * (lock held on entry and exit, dropped while waiting). */
void drain_for_shutdown(caio_laio_t *e);

#endif /* CAIO_LINUX_AIO_INT_H_ */
