/*
 * caio_linux_sys.h - the Linux AIO system calls by raw syscall (no libaio:
 * one less shared library a JVM host must have), O_DIRECT alignment
 * queries and the availability probe.  No JNI here, so all of it is
 * testable without a JVM.
 */
#ifndef CAIO_LINUX_SYS_H_
#define CAIO_LINUX_SYS_H_

#include <linux/aio_abi.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* io_setup(nr, ctx): 0 or a positive errno.  Honours the injected failure
 * (caio_laio_inject_setup_failure), so probe and create can be tested on a
 * host where AIO works. */
int caio_laio_setup(unsigned nr, aio_context_t *ctx);

/* Test seam: while err != 0, caio_laio_setup fails with it.  Global and
 * atomic: it is set from Java test threads. */
void caio_laio_inject_setup_failure(int err);

/* Thin wrappers: the syscall's return value, errno on -1. */
long caio_laio_submit(aio_context_t ctx, long n, struct iocb **iocbs);
long caio_laio_getevents(aio_context_t ctx, long min_nr, long nr,
                         struct io_event *events, struct timespec *timeout);
long caio_laio_cancel(aio_context_t ctx, struct iocb *iocb, struct io_event *result);
long caio_laio_destroy(aio_context_t ctx);

/* Whether Linux AIO is usable here: NULL if it is, else a one-line reason
 * with the fix, written into buf. */
const char *caio_laio_probe(char *buf, size_t size);

#endif /* CAIO_LINUX_SYS_H_ */
