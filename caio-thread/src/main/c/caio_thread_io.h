/*
 * caio_thread_io.h - one blocking file operation, as run by a pool worker
 * outside the pool lock.  Kept apart from the pool so the queueing logic
 * and the syscall retry rules can be read (and changed) independently.
 */
#ifndef CAIO_THREAD_IO_H_
#define CAIO_THREAD_IO_H_

#include <stddef.h>
#include <stdint.h>

/* kind is an enum caio_op_kind.  Returns bytes transferred (0 for syncs;
 * short only at EOF) or -errno; an error after partial progress wins over
 * the partial count. */
int64_t caio_thread_io(int kind, int fd, int64_t offset, void *addr, size_t len);

/* Reads what the page cache already holds, never waiting for a device:
 * preadv2(RWF_NOWAIT), the way io_uring serves cached reads inline.  Starts
 * at *done bytes into the request and advances it.  Returns the request's
 * total (done == len, or less at EOF), or -EAGAIN when the rest needs a
 * blocking read: not cached, a file system without RWF_NOWAIT (tmpfs says
 * EOPNOTSUPP), or any error, which the blocking retry then reports. */
int64_t caio_thread_read_cached(int fd, int64_t offset, void *addr, size_t len, size_t *done);

#endif /* CAIO_THREAD_IO_H_ */
