/*
 * caio_uring_probe.c - "does io_uring work here, and if not, why and what to
 * do about it", asked once before the backend is chosen.  It sets up a real
 * (small) ring, registers an eventfd and checks the opcodes we use, the
 * same steps create takes, and turns the failure into one line that names
 * the fix: a sysctl, a seccomp profile, a memlock limit or a kernel upgrade.
 */
#define _GNU_SOURCE
#include "caio_uring_engine.h"
#include "caio_uring_ring.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

void caio_uring_inject_setup_failure(int err)
{
    uring_inject_setup_failure(err);
}

void caio_uring_inject_failure(int point, int err)
{
    uring_inject_failure(point, err);
}

/* An integer sysctl, or `missing` if absent (kernels before 6.6). */
static long read_sysctl(const char *path, long missing)
{
    FILE *f = fopen(path, "re");
    if (f == NULL)
        return missing;
    long v = missing;
    if (fscanf(f, "%ld", &v) != 1)
        v = missing;
    fclose(f);
    return v;
}

static const char *errno_name(int err)
{
    switch (err) {
    case EPERM: return "EPERM";
    case ENOSYS: return "ENOSYS";
    case ENOMEM: return "ENOMEM";
    case EINVAL: return "EINVAL";
    case EFAULT: return "EFAULT";
    case EACCES: return "EACCES";
    case EMFILE: return "EMFILE";
    case ENFILE: return "ENFILE";
    case EAGAIN: return "EAGAIN";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    default: return NULL;
    }
}

static void describe_errno(char *buf, size_t len, const char *call, int err)
{
    const char *name = errno_name(err);
    char text[128];
    /* The GNU strerror_r returns the text, not an int. */
    const char *msg = strerror_r(err, text, sizeof(text));
    if (name != NULL)
        snprintf(buf, len, "%s failed: %s (%s)", call, name, msg);
    else
        snprintf(buf, len, "%s failed: errno %d (%s)", call, err, msg);
}

static void describe_setup_failure(char *buf, size_t len, int err)
{
    long disabled = read_sysctl("/proc/sys/kernel/io_uring_disabled", 0);
    if (disabled == 2) {
        snprintf(buf, len, "io_uring is disabled by sysctl kernel.io_uring_disabled=2; "
                           "set it to 0 (sysctl -w kernel.io_uring_disabled=0)");
    } else if (disabled == 1 && err == EPERM) {
        long gid = read_sysctl("/proc/sys/kernel/io_uring_group", -1);
        snprintf(buf, len, "io_uring is restricted by sysctl kernel.io_uring_disabled=1 and this "
                           "process is not in kernel.io_uring_group (gid %ld); add the user to "
                           "that group or set kernel.io_uring_disabled=0", gid);
    } else if (err == ENOSYS) {
        snprintf(buf, len, "io_uring_setup is not implemented (ENOSYS): a kernel without "
                           "io_uring (before 5.1 or CONFIG_IO_URING=n), gVisor or qemu-user; "
                           "use the linux or thread backend");
    } else if (err == EPERM) {
        snprintf(buf, len, "io_uring_setup is not permitted (EPERM), usually by seccomp: the "
                           "default Docker seccomp profile blocks io_uring; run with "
                           "--security-opt seccomp=<a profile allowing io_uring_setup, "
                           "io_uring_enter and io_uring_register> or use the linux backend");
    } else if (err == ENOMEM) {
        snprintf(buf, len, "io_uring_setup failed with ENOMEM: RLIMIT_MEMLOCK too low for the "
                           "ring (older kernels count rings as locked memory); raise ulimit -l");
    } else {
        describe_errno(buf, len, "io_uring_setup", err);
    }
}

const char *caio_uring_probe(char *buf, size_t len)
{
    if (buf == NULL || len == 0)
        return "caio_uring_probe: no buffer";
    buf[0] = '\0';
    uring_ring_t ring;
    const char *what;
    int rc = uring_ring_open(&ring, 4, 0, 0, &what);
    if (rc == -ENOMEM || (rc < 0 && strcmp(what, "io_uring_setup") == 0)) {
        describe_setup_failure(buf, len, -rc);
        return buf;
    }
    if (rc < 0) {
        describe_errno(buf, len, what, -rc);
        return buf;
    }
    const char *missing = NULL;
    rc = uring_check_opcodes(ring.fd, &missing);
    if (rc == -EOPNOTSUPP || rc == -EINVAL) {
        snprintf(buf, len, "%s failed; use the linux or thread backend", missing);
    } else if (rc < 0) {
        describe_errno(buf, len, "io_uring_register(IORING_REGISTER_PROBE)", -rc);
    } else {
        int efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        if (efd < 0)
            rc = -errno;
        else
            rc = uring_register(ring.fd, IORING_REGISTER_EVENTFD, &efd, 1);
        if (rc < 0)
            describe_errno(buf, len, efd < 0 ? "eventfd" : "io_uring_register(IORING_REGISTER_EVENTFD)", -rc);
        if (efd >= 0)
            close(efd);
    }
    uring_ring_close(&ring);
    return buf[0] != '\0' ? buf : NULL;
}
