/*
 * caio_thread_io.c - the blocking syscalls a worker runs for one request,
 * with the retry rules of Python caio's thread_aio: EINTR is retried, short
 * transfers are resumed, and the result is a byte count or -errno.
 */
#define _GNU_SOURCE
#include "caio_thread_io.h"
#include "caio_thread_pool.h"
#include "caio_fd.h"

#include <errno.h>
#include <sys/uio.h>
#include <unistd.h>

/* Linux caps one read/write at 0x7ffff000 bytes, so big transfers come back
 * short and must be resumed.  do/while: a zero-length request still reaches
 * the kernel so a bad fd reports its error like in Python caio. */
static int64_t do_read(int fd, char *addr, size_t len, int64_t off)
{
    size_t done = 0;
    do {
        ssize_t n = pread(fd, addr + done, len - done, (off_t)(off + (int64_t)done));
        if (n > 0)
            done += (size_t)n;
        else if (n == 0)
            break; /* EOF: a short read is a valid result */
        else if (errno != EINTR)
            return -errno;
    } while (done < len);
    return (int64_t)done;
}

static int64_t do_write(int fd, const char *addr, size_t len, int64_t off)
{
    size_t done = 0;
    do {
        ssize_t n = pwrite(fd, addr + done, len - done, (off_t)(off + (int64_t)done));
        if (n > 0)
            done += (size_t)n;
        else if (n == 0)
            break; /* no progress and no error: report what was written, don't spin */
        else if (errno != EINTR)
            return -errno;
    } while (done < len);
    return (int64_t)done;
}

static int64_t do_sync(int fd, int data_only)
{
    for (;;) {
        int rc = data_only ? fdatasync(fd) : fsync(fd);
        if (rc == 0)
            return 0;
        if (errno != EINTR)
            return -errno;
    }
}

int64_t caio_thread_io(int kind, int fd, int64_t offset, void *addr, size_t len)
{
    switch (kind) {
    case CAIO_OP_READ:
        return do_read(fd, addr, len, offset);
    case CAIO_OP_WRITE:
        return do_write(fd, addr, len, offset);
    case CAIO_OP_FSYNC:
        return do_sync(fd, 0);
    case CAIO_OP_FDSYNC:
        return do_sync(fd, 1);
    default:
        return -EINVAL;
    }
}

int64_t caio_thread_read_cached(int fd, int64_t offset, void *addr, size_t len, size_t *done)
{
    while (*done < len) {
        struct iovec v = {(char *)addr + *done, len - *done};
        ssize_t n = caio_read_nowait(fd, &v, offset + (int64_t)*done);
        if (n > 0)
            *done += (size_t)n;
        else if (n == 0)
            break; /* EOF */
        else if (errno != EINTR)
            return -EAGAIN;
    }
    return (int64_t)*done;
}
