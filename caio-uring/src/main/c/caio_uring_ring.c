/*
 * caio_uring_ring.c - io_uring_setup/enter/register by raw syscall and the
 * ring mappings.  Knows nothing about slots or Java: caio_uring_engine.c
 * builds the engine on top.
 */
#define _GNU_SOURCE
#include "caio_uring_ring.h"
#include "caio_alloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static _Atomic int injected_setup_errno;
static _Atomic int injected_sqpoll_errno;
static _Atomic int injected_register_buffers_errno;
static _Atomic int injected_helper_ring_errno;

int uring_injected_helper_ring_failure(void)
{
    return __atomic_load_n(&injected_helper_ring_errno, __ATOMIC_SEQ_CST);
}

void uring_inject_setup_failure(int err)
{
    __atomic_store_n(&injected_setup_errno, err, __ATOMIC_SEQ_CST);
}

void uring_inject_failure(int point, int err)
{
    if (point == URING_FAIL_SQPOLL)
        __atomic_store_n(&injected_sqpoll_errno, err, __ATOMIC_SEQ_CST);
    else if (point == URING_FAIL_REGISTER_BUFFERS)
        __atomic_store_n(&injected_register_buffers_errno, err, __ATOMIC_SEQ_CST);
    else if (point == URING_FAIL_HELPER_RING)
        __atomic_store_n(&injected_helper_ring_errno, err, __ATOMIC_SEQ_CST);
}

static int uring_setup(unsigned entries, struct io_uring_params *p)
{
    int injected = __atomic_load_n(&injected_setup_errno, __ATOMIC_SEQ_CST);
    if (injected == 0 && (p->flags & IORING_SETUP_SQPOLL))
        injected = __atomic_load_n(&injected_sqpoll_errno, __ATOMIC_SEQ_CST);
    if (injected != 0)
        return -injected;
    long rc = syscall(__NR_io_uring_setup, entries, p);
    return rc < 0 ? -errno : (int)rc;
}

int uring_enter(int fd, unsigned to_submit, unsigned min_complete, unsigned flags)
{
    long rc = syscall(__NR_io_uring_enter, fd, to_submit, min_complete, flags, NULL, 0);
    return rc < 0 ? -errno : (int)rc;
}

int uring_register(int fd, unsigned opcode, void *arg, unsigned nr_args)
{
    if (opcode == IORING_REGISTER_BUFFERS) {
        int injected = __atomic_load_n(&injected_register_buffers_errno, __ATOMIC_SEQ_CST);
        if (injected != 0)
            return -injected;
    }
    long rc = syscall(__NR_io_uring_register, fd, opcode, arg, nr_args);
    return rc < 0 ? -errno : (int)rc;
}

static void *map_ring(int fd, size_t len, off_t what)
{
    /* MAP_POPULATE: fault the ring in now rather than on the submit path. */
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, what);
    return p == MAP_FAILED ? NULL : p;
}

void uring_ring_close(uring_ring_t *r)
{
    if (r->sqe_map != NULL)
        munmap(r->sqe_map, r->sqe_map_len);
    if (r->cq_map != NULL && r->cq_map != r->sq_map)
        munmap(r->cq_map, r->cq_map_len);
    if (r->sq_map != NULL)
        munmap(r->sq_map, r->sq_map_len);
    if (r->fd >= 0)
        close(r->fd);
    memset(r, 0, sizeof(*r));
    r->fd = -1;
}

static int map_all(uring_ring_t *r, const struct io_uring_params *p, const char **what)
{
    *what = "mmap io_uring";
    r->sq_map_len = p->sq_off.array + p->sq_entries * sizeof(unsigned);
    r->cq_map_len = p->cq_off.cqes + p->cq_entries * sizeof(struct io_uring_cqe);
    if (p->features & IORING_FEAT_SINGLE_MMAP) {
        if (r->cq_map_len > r->sq_map_len)
            r->sq_map_len = r->cq_map_len;
        r->cq_map_len = r->sq_map_len;
    }
    if ((r->sq_map = map_ring(r->fd, r->sq_map_len, IORING_OFF_SQ_RING)) == NULL)
        return -errno;
    if (p->features & IORING_FEAT_SINGLE_MMAP)
        r->cq_map = r->sq_map;
    else if ((r->cq_map = map_ring(r->fd, r->cq_map_len, IORING_OFF_CQ_RING)) == NULL)
        return -errno;
    r->sqe_map_len = p->sq_entries * sizeof(struct io_uring_sqe);
    if ((r->sqe_map = map_ring(r->fd, r->sqe_map_len, IORING_OFF_SQES)) == NULL)
        return -errno;

    char *sq = r->sq_map, *cq = r->cq_map;
    r->sq_head = (unsigned *)(sq + p->sq_off.head);
    r->sq_tail = (unsigned *)(sq + p->sq_off.tail);
    r->sq_flags = (unsigned *)(sq + p->sq_off.flags);
    r->sq_array = (unsigned *)(sq + p->sq_off.array);
    r->sq_mask = *(unsigned *)(sq + p->sq_off.ring_mask);
    r->cq_head = (unsigned *)(cq + p->cq_off.head);
    r->cq_tail = (unsigned *)(cq + p->cq_off.tail);
    /* Offset 0 means the kernel predates the field (it is never at 0). */
    r->cq_flags = p->cq_off.flags != 0 ? (unsigned *)(cq + p->cq_off.flags) : NULL;
    r->cq_mask = *(unsigned *)(cq + p->cq_off.ring_mask);
    r->cqes = (struct io_uring_cqe *)(cq + p->cq_off.cqes);
    r->sqes = r->sqe_map;
    /* SQE i always lives in slot i of the index array: filling the array
     * once means submitting only ever publishes the tail. */
    for (unsigned i = 0; i < p->sq_entries; i++)
        r->sq_array[i] = i;
    return 0;
}

int uring_ring_open(uring_ring_t *r, unsigned entries, unsigned flags,
                    unsigned sq_idle_ms, const char **what)
{
    memset(r, 0, sizeof(*r));
    r->fd = -1;
    struct io_uring_params p;
    memset(&p, 0, sizeof(p));
    /* CQ twice the SQ: every op plus one ASYNC_CANCEL per op fits, so the
     * CQ does not overflow while at most sq_entries ops are in flight.
     * CLAMP turns "too many" into "the most the kernel allows". */
    p.flags = flags | IORING_SETUP_CQSIZE | IORING_SETUP_CLAMP;
    p.cq_entries = 2 * entries;
    p.sq_thread_idle = sq_idle_ms;
    *what = "io_uring_setup";
    int fd = uring_setup(entries, &p);
    if (fd < 0)
        return fd;
    r->fd = fd;
    r->setup_flags = p.flags;
    r->features = p.features;
    r->sq_entries = p.sq_entries;
    r->cq_entries = p.cq_entries;
    int rc = map_all(r, &p, what);
    if (rc != 0)
        uring_ring_close(r);
    return rc;
}

int uring_check_opcodes(int fd, const char **missing)
{
    static const struct {
        unsigned op;
        const char *name;
    } needed[] = {
        {IORING_OP_READ, "io_uring opcode probe (kernel lacks IORING_OP_READ, needs 5.6+)"},
        {IORING_OP_WRITE, "io_uring opcode probe (kernel lacks IORING_OP_WRITE, needs 5.6+)"},
        {IORING_OP_FSYNC, "io_uring opcode probe (kernel lacks IORING_OP_FSYNC, needs 5.1+)"},
        {IORING_OP_ASYNC_CANCEL, "io_uring opcode probe (kernel lacks IORING_OP_ASYNC_CANCEL, needs 5.5+)"},
    };
    enum { NOPS = 256 };
    size_t len = sizeof(struct io_uring_probe) + NOPS * sizeof(struct io_uring_probe_op);
    struct io_uring_probe *probe = caio_calloc(1, len);
    if (probe == NULL)
        return -ENOMEM;
    int rc = uring_register(fd, IORING_REGISTER_PROBE, probe, NOPS);
    *missing = needed[0].name;
    if (rc >= 0) {
        rc = 0;
        for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++) {
            unsigned op = needed[i].op;
            if (op > probe->last_op || op >= probe->ops_len ||
                !(probe->ops[op].flags & IO_URING_OP_SUPPORTED)) {
                *missing = needed[i].name;
                rc = -EOPNOTSUPP;
                break;
            }
        }
    }
    caio_free(probe);
    return rc;
}
