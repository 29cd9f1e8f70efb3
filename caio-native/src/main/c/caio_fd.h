/*
 * caio_fd.h - what the engines ask about a file descriptor before they
 * decide where its I/O runs.  Include after defining _GNU_SOURCE.
 */
#ifndef CAIO_FD_H_
#define CAIO_FD_H_

#include <fcntl.h>

/* 1 if fd is open and not O_DIRECT: its reads and writes go through the
 * page cache, where the kernel completes them on the calling thread (a
 * buffered io_submit, a preadv2(RWF_NOWAIT) hit).  On O_DIRECT even
 * RWF_NOWAIT waits for the device.  One fcntl(F_GETFL). */
static inline int caio_fd_buffered(int fd)
{
    int flags = fcntl(fd, F_GETFL);
    return flags >= 0 && !(flags & O_DIRECT);
}

#endif /* CAIO_FD_H_ */
