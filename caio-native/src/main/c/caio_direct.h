/*
 * caio_direct.h - what O_DIRECT asks of a transfer, for every engine and for
 * opening files with it (caio_file_jni.c).
 */
#ifndef CAIO_DIRECT_H_
#define CAIO_DIRECT_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The alignment assumed where the kernel does not say (before Linux 6.1, or
 * a filesystem that reports nothing): a page, which every device accepts. */
#define CAIO_DIO_DEFAULT_ALIGN 4096u

/* statx(STATX_DIOALIGN): the memory and file-offset alignment O_DIRECT
 * needs on fd, 0 each where the kernel does not report it.  Returns 0 or a
 * positive errno. */
int caio_dio_align(int fd, unsigned *mem, unsigned *off);

/* Whether an EINVAL of this read or write is O_DIRECT's alignment rule: fd
 * is O_DIRECT and the offset, length or address breaks its alignment. */
bool caio_dio_misaligned(int fd, int64_t offset, const void *addr, size_t len);

#endif /* CAIO_DIRECT_H_ */
