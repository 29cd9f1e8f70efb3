/*
 * caio_share.c - measuring the facts the sharing policy rests on
 * (caio_share.h).
 */
#define _GNU_SOURCE
#include "caio_share.h"
#include "caio_syscall_cost.h"

#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

/* A 4 KiB page that cannot be measured (no memfd before Linux 3.17) is
 * taken to cost a system call: the chunk then is sqrt(n). */
static long measure_copy_ns(long syscall_ns)
{
#ifdef SYS_memfd_create
    int fd = (int)syscall(SYS_memfd_create, "caio-share", 0);
#else
    int fd = -1;
#endif
    static char page[4096];
    if (fd < 0 || pwrite(fd, page, sizeof(page), 0) != (ssize_t)sizeof(page)) {
        if (fd >= 0)
            close(fd);
        return syscall_ns;
    }
    /* The best of 8 rounds, so a preemption in one round does not count. */
    long best = -1;
    for (int round = 0; round < 8; round++) {
        int64_t t0 = caio_now_ns();
        for (int i = 0; i < 16; i++)
            (void)pread(fd, page, sizeof(page), 0);
        long per = (long)((caio_now_ns() - t0) / 16);
        if (best < 0 || per < best)
            best = per;
    }
    close(fd);
    long copy = best - syscall_ns;
    return copy > 0 ? copy : 1;
}

static caio_share_t policy;
static pthread_once_t measured = PTHREAD_ONCE_INIT;

static void measure(void)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    policy.cores = cores > 0 ? (int)cores : 1;
    policy.syscall_ns = caio_syscall_cost_ns();
    policy.copy_ns = measure_copy_ns(policy.syscall_ns);
}

const caio_share_t *caio_share_policy(void)
{
    pthread_once(&measured, measure);
    return &policy;
}

int caio_share_chunk(const caio_share_t *p, int n)
{
    /* sqrt(n*S/C) to the nearest integer, without libm: the least k with
     * (k + 1/2)^2 >= t, i.e. k*(k+1) >= t for an integer t. */
    int64_t t = (int64_t)(n > 0 ? n : 1) * p->syscall_ns / p->copy_ns;
    int k = 1;
    while (k < CAIO_SHARE_CHUNK_MAX && (int64_t)k * (k + 1) < t)
        k++;
    return k;
}
