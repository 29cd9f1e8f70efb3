/*
 * caio_uring_arena.c - the registered staging arena (option
 * CAIO_URING_OPT_REG_BUFFERS): one page-aligned block, registered once with
 * IORING_REGISTER_BUFFERS as buffer 0, which Java slices into per-slot
 * staging buffers for heap arrays and heap ByteBuffers.  An op whose range
 * lies inside it is submitted as READ_FIXED/WRITE_FIXED, so the kernel skips
 * pinning and mapping the pages on every request.
 *
 * Why only memory we own: a registration pins the pages the range had when
 * it was registered.  A user's direct ByteBuffer can be freed by the JVM and
 * another one mapped at the same address; a fixed read would then land in
 * the stale pinned pages, not in the new buffer.  The arena lives exactly as
 * long as the engine (freed in destroy, after the last completion), so its
 * pages and its addresses never part.
 *
 * Size: max_requests slots of up to 64 KiB, the slot shrunk (to 4 KiB at
 * least) and then the slot count cut so the whole stays within 4 MiB: pinned
 * memory counts against RLIMIT_MEMLOCK for unprivileged users (8 MiB by
 * default), and a bigger op simply goes through Java's own staging.
 *
 * Shares bigger than a page are one page apart (stride = share + 4 KiB):
 * small ops use only the start of each share, and at a power-of-two stride
 * those starts would all fall into the same sets of a CPU cache.
 */
#define _GNU_SOURCE
#include "caio_uring_internal.h"
#include "caio_alloc.h"

#include <errno.h>
#include <stdint.h>
#include <sys/uio.h>

#define ARENA_PAGE ((size_t)4096)
#define ARENA_SLOT_MAX ((size_t)64 * 1024)
#define ARENA_SLOT_MIN ARENA_PAGE
#define ARENA_CAP ((size_t)4 * 1024 * 1024)

static size_t stride_of(size_t slot)
{
    return slot > ARENA_PAGE ? slot + ARENA_PAGE : slot;
}

void uring_arena_open(caio_uring_t *e)
{
    size_t slot = ARENA_SLOT_MAX;
    while (slot > ARENA_SLOT_MIN && (size_t)e->head.max_requests * stride_of(slot) > ARENA_CAP)
        slot /= 2;
    size_t stride = stride_of(slot);
    size_t slots = ARENA_CAP / stride;
    if (slots > (size_t)e->head.max_requests)
        slots = (size_t)e->head.max_requests;
    size_t len = slots * stride;

    /* Counted (caio_alloc.h), so a leak shows; one spare page to align. */
    void *block = caio_malloc(len + ARENA_PAGE);
    if (block == NULL) {
        e->arena_err = ENOMEM;
        return;
    }
    char *arena = (char *)(((uintptr_t)block + ARENA_PAGE - 1) & ~(uintptr_t)(ARENA_PAGE - 1));
    struct iovec iov = {.iov_base = arena, .iov_len = len};
    int rc = uring_register(e->lane[LANE_SUBMIT].ring.fd, IORING_REGISTER_BUFFERS, &iov, 1);
    if (rc < 0) {
        /* ENOMEM (RLIMIT_MEMLOCK), EPERM, EOPNOTSUPP...: go without. */
        caio_free(block);
        e->arena_err = -rc;
        return;
    }
    e->lane[LANE_SUBMIT].fixed = 1;
    /* The helper ring pins the same pages again; should it be refused, its
     * share of the arena's ops just goes as plain reads and writes. */
    if (e->lanes > 1 &&
        uring_register(e->lane[LANE_HELPER].ring.fd, IORING_REGISTER_BUFFERS, &iov, 1) == 0)
        e->lane[LANE_HELPER].fixed = 1;
    e->arena_block = block;
    e->arena = arena;
    e->arena_len = len;
    e->arena_slot = slot;
    e->arena_stride = stride;
}

void uring_arena_free(caio_uring_t *e)
{
    /* The ring is closed: the kernel drops its pins on its own. */
    caio_free(e->arena_block);
    e->arena_block = NULL;
    e->arena = NULL;
    e->arena_len = e->arena_slot = e->arena_stride = 0;
}

void *caio_uring_arena(caio_uring_t *e, size_t *len, size_t *slot_size, size_t *stride)
{
    *len = e->arena_len;
    *slot_size = e->arena_slot;
    *stride = e->arena_stride;
    return e->arena;
}
