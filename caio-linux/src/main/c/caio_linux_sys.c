/*
 * caio_linux_sys.c - raw Linux AIO syscalls and the
 * availability probe (see caio_linux_sys.h).
 */
#define _GNU_SOURCE
#include "caio_linux_sys.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

static _Atomic int injected_setup_errno;

void caio_laio_inject_setup_failure(int err)
{
    atomic_store(&injected_setup_errno, err < 0 ? -err : err);
}

int caio_laio_setup(unsigned nr, aio_context_t *ctx)
{
    /* The context id must start at 0 or io_setup fails with EINVAL (an
     * upstream probe bug came from exactly this). */
    *ctx = 0;
    int injected = atomic_load(&injected_setup_errno);
    if (injected != 0)
        return injected;
    if (syscall(SYS_io_setup, nr, ctx) != 0)
        return errno;
    return 0;
}

long caio_laio_submit(aio_context_t ctx, long n, struct iocb **iocbs)
{
    return syscall(SYS_io_submit, ctx, n, iocbs);
}

long caio_laio_getevents(aio_context_t ctx, long min_nr, long nr,
                         struct io_event *events, struct timespec *timeout)
{
    return syscall(SYS_io_getevents, ctx, min_nr, nr, events, timeout);
}

long caio_laio_cancel(aio_context_t ctx, struct iocb *iocb, struct io_event *result)
{
    return syscall(SYS_io_cancel, ctx, iocb, result);
}

long caio_laio_destroy(aio_context_t ctx)
{
    return syscall(SYS_io_destroy, ctx);
}

static long read_proc_long(const char *path)
{
    FILE *f = fopen(path, "re");
    long v = -1;
    if (f != NULL) {
        if (fscanf(f, "%ld", &v) != 1)
            v = -1;
        fclose(f);
    }
    return v;
}

const char *caio_laio_probe(char *buf, size_t size)
{
    /* 4.18 added IOCB_CMD_FSYNC/FDSYNC; before it fsync failed with EINVAL,
     * which upstream once papered over with a bogus zero-length read. */
    struct utsname u;
    int major = 0, minor = 0;
    if (uname(&u) == 0 && sscanf(u.release, "%d.%d", &major, &minor) == 2 &&
        (major < 4 || (major == 4 && minor < 18))) {
        snprintf(buf, size, "kernel %s is older than 4.18, whose native AIO has no "
                 "IOCB_CMD_FSYNC/FDSYNC; upgrade the kernel or use the thread backend",
                 u.release);
        return buf;
    }

    aio_context_t ctx;
    int err = caio_laio_setup(1, &ctx);
    if (err == 0) {
        caio_laio_destroy(ctx); /* a leaked context would eat fs.aio-max-nr */
        return NULL;
    }
    if (err == ENOSYS) {
        snprintf(buf, size, "io_setup is not implemented (ENOSYS): containers, gVisor, WSL1 "
                 "or qemu-user; use the thread backend");
    } else if (err == EAGAIN) {
        long nr = read_proc_long("/proc/sys/fs/aio-nr");
        long max = read_proc_long("/proc/sys/fs/aio-max-nr");
        snprintf(buf, size, "fs.aio-max-nr exhausted: %ld of %ld events in use "
                 "(/proc/sys/fs/aio-nr, aio-max-nr); raise it with sysctl fs.aio-max-nr=%ld "
                 "or close leaked AIO contexts", nr, max, max > 0 ? max * 2 : 1048576L);
    } else if (err == EPERM) {
        snprintf(buf, size, "io_setup is blocked by seccomp (EPERM): the container's seccomp "
                 "profile forbids native AIO; allow io_setup, io_submit, io_getevents, "
                 "io_cancel and io_destroy, or use the thread backend");
    } else {
        char text[128];
        snprintf(buf, size, "io_setup failed with errno %d (%s); use the thread backend", err,
                 strerror_r(err, text, sizeof(text)));
    }
    return buf;
}
