/*
 * caio_direct.c - O_DIRECT alignment (caio_direct.h).
 */
#define _GNU_SOURCE
#include "caio_direct.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

int caio_dio_align(int fd, unsigned *mem, unsigned *off)
{
    *mem = *off = 0;
#ifdef STATX_DIOALIGN
    struct statx st;
    memset(&st, 0, sizeof(st));
    /* Through syscall(): glibc's wrapper (2.28) is newer than the oldest glibc supported. */
    if (syscall(SYS_statx, fd, "", AT_EMPTY_PATH, STATX_DIOALIGN, &st) != 0)
        return errno;
    /* Kernels before 6.1 leave the bit clear; a filesystem without O_DIRECT
     * support reports zeros. */
    if (st.stx_mask & STATX_DIOALIGN) {
        *mem = st.stx_dio_mem_align;
        *off = st.stx_dio_offset_align;
    }
#else
    struct stat st;
    if (fstat(fd, &st) != 0)
        return errno;
#endif
    return 0;
}

bool caio_dio_misaligned(int fd, int64_t offset, const void *addr, size_t len)
{
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || !(flags & O_DIRECT))
        return false;
    unsigned mem = 0, off = 0;
    (void)caio_dio_align(fd, &mem, &off);
    if (mem == 0)
        mem = CAIO_DIO_DEFAULT_ALIGN;
    if (off == 0)
        off = CAIO_DIO_DEFAULT_ALIGN;
    return (uint64_t)offset % off != 0 || len % off != 0 || (uintptr_t)addr % mem != 0;
}
