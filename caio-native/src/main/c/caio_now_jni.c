/*
 * caio_now_jni.c - JniEngine.readNow: a read served on the calling thread
 * when the page cache already holds all of it, before the operation takes
 * a slot in any engine (AbstractAsyncFileContext.readNow).
 *
 * A hit costs what pread costs: one preadv2(RWF_NOWAIT), no engine lock,
 * no slot, no completion hand-off.  A miss (EAGAIN), a short read that may
 * be a partly cached range, an O_DIRECT file (where even RWF_NOWAIT waits
 * for the device) or any error answer "not now", and the operation takes
 * the engine's path, which reports errors and does the waiting elsewhere;
 * an O_DIRECT file or one whose file system refuses RWF_NOWAIT says so
 * (EOPNOTSUPP), and Java stops asking for it.
 */
#define _GNU_SOURCE
#include "caio_now_jni.h"
#include "caio_fd.h"
#include "caio_jni.h"

#include <errno.h>

#define UNUSED __attribute__((unused))

jlong JNICALL caio_jni_read_now(JNIEnv *env, UNUSED jclass cls, jobject fdo, jobject buf, jlong index,
                                jlong length, jlong offset, jboolean known_buffered)
{
    void *addr;
    if (fdo == NULL || offset < 0 || index < 0 || length <= 0 || length > INT32_MAX ||
        length > INT64_MAX - offset || caio_buffer_range(env, buf, index, length, &addr) != 0) {
        caio_throw(env, CAIO_IAE,
                   "readNow: null descriptor, buffer null or not direct, or invalid offset %lld / index %lld / "
                   "length %lld",
                   (long long)offset, (long long)index, (long long)length);
        return 0;
    }
    int fd = caio_fd_of(env, fdo);
    if (fd < 0)
        return -EBADF;
    /* Java remembers the answer per FileDescriptor object (KnownFiles), which
     * a reused number cannot make stale: one fcntl per file. */
    if (!known_buffered && !caio_fd_buffered(fd))
        return -EOPNOTSUPP;
    struct iovec iov = {addr, (size_t)length};
    ssize_t r = caio_read_nowait(fd, &iov, offset);
    if (r < 0)
        return -errno; /* EOPNOTSUPP: a file system without RWF_NOWAIT (tmpfs) */
    /* All of it, or nothing at end of file; anything between may be a
     * partly cached range, which the engine then reads whole. */
    return r == length || r == 0 ? (jlong)r : -EAGAIN;
}
