/*
 * caio_fd.h - what the engines ask about a file descriptor before they
 * decide where its I/O runs.  Include after defining _GNU_SOURCE.
 */
#ifndef CAIO_FD_H_
#define CAIO_FD_H_

#include <fcntl.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

/* 1 if fd is open and not O_DIRECT: its reads and writes go through the
 * page cache, where the kernel completes them on the calling thread (a
 * buffered io_submit, a preadv2(RWF_NOWAIT) hit).  On O_DIRECT even
 * RWF_NOWAIT waits for the device.  One fcntl(F_GETFL). */
static inline int caio_fd_buffered(int fd)
{
    int flags = fcntl(fd, F_GETFL);
    return flags >= 0 && !(flags & O_DIRECT);
}

/* preadv2(fd, iov, 1, offset, RWF_NOWAIT), returning -1 and errno as it does.
 * A packaged library makes the raw call: the wrapper's cancellation-point
 * bookkeeping is pure cost for a JVM thread, and the wrapper needs glibc 2.26
 * (caio_glibc_compat.h).  On 64-bit the offset is pos_l alone.  The C tests
 * call the wrapper, which their harnesses interpose to refuse or hold reads. */
static inline ssize_t caio_read_nowait(int fd, const struct iovec *iov, int64_t offset)
{
#ifdef CAIO_GLIBC_COMPAT
    return (ssize_t)syscall(SYS_preadv2, fd, iov, 1, (long)offset, 0L, RWF_NOWAIT);
#else
    return preadv2(fd, iov, 1, (off_t)offset, RWF_NOWAIT);
#endif
}

/* The last file asked about, for engines where a stale answer costs speed
 * only (never a completion): fd << 32 | buffered << 16 | batches that may
 * still use it.  Racy on purpose. */
typedef struct caio_fd_memo {
    _Atomic uint64_t v;
} caio_fd_memo_t;

/* An answer serves this many more batches on the same fd number before
 * fcntl is asked again: at most one system call per 64 batches, and a
 * number closed and reused for another kind of file is wrong that long. */
#define CAIO_FD_MEMO_TRUST 63u

/* caio_fd_buffered(fd), from the memo while it holds fd. */
static inline bool caio_fd_memo_buffered(caio_fd_memo_t *m, int fd)
{
    uint64_t v = atomic_load_explicit(&m->v, memory_order_relaxed);
    if ((int32_t)(v >> 32) == fd && (v & 0xffff) > 0) {
        atomic_store_explicit(&m->v, v - 1, memory_order_relaxed);
        return (v >> 16) & 1;
    }
    bool buffered = caio_fd_buffered(fd);
    atomic_store_explicit(&m->v, (uint64_t)(uint32_t)fd << 32 | (uint64_t)buffered << 16 | CAIO_FD_MEMO_TRUST,
                          memory_order_relaxed);
    return buffered;
}

#endif /* CAIO_FD_H_ */
