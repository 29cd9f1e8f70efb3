/*
 * caio_glibc_compat.h - force-included (-include) into every object of a
 * packaged library, so that it binds the oldest version of each glibc symbol
 * it uses and loads on glibc 2.17 (RHEL 7, Ubuntu 14.04, Amazon Linux 2).
 *
 * glibc 2.34 moved libpthread into libc and gave its functions a new version;
 * the old ones stay in libc.so.6 as compatibility symbols, and on an older
 * glibc they are found in libpthread.so.0, which the library therefore names
 * as NEEDED.  statx and preadv2 (glibc 2.28 and 2.26) are called through
 * syscall() instead (caio_fd.h, caio_direct.c).  `make check-glibc` fails the
 * build if any symbol newer than CAIO_GLIBC_MAX is referenced.
 */
#ifndef CAIO_GLIBC_COMPAT_H_
#define CAIO_GLIBC_COMPAT_H_
/* Tells shared code that it is built into a packaged library. */
#define CAIO_GLIBC_COMPAT 1

#if defined(__x86_64__)
#define CAIO_GLIBC_BIND(sym, ver) __asm__(".symver " #sym "," #sym "@GLIBC_" ver);
#define CAIO_GLIBC_BASE "2.2.5"
CAIO_GLIBC_BIND(pthread_condattr_setclock, "2.3.3")
CAIO_GLIBC_BIND(pthread_setname_np, "2.12")
#elif defined(__aarch64__)
#define CAIO_GLIBC_BIND(sym, ver) __asm__(".symver " #sym "," #sym "@GLIBC_" ver);
/* aarch64's first glibc was 2.17: every symbol's oldest version. */
#define CAIO_GLIBC_BASE "2.17"
CAIO_GLIBC_BIND(pthread_condattr_setclock, CAIO_GLIBC_BASE)
CAIO_GLIBC_BIND(pthread_setname_np, CAIO_GLIBC_BASE)
#endif

#ifdef CAIO_GLIBC_BASE
CAIO_GLIBC_BIND(pthread_attr_setstacksize, CAIO_GLIBC_BASE)
CAIO_GLIBC_BIND(pthread_create, CAIO_GLIBC_BASE)
CAIO_GLIBC_BIND(pthread_join, CAIO_GLIBC_BASE)
CAIO_GLIBC_BIND(pthread_mutexattr_destroy, CAIO_GLIBC_BASE)
CAIO_GLIBC_BIND(pthread_mutexattr_init, CAIO_GLIBC_BASE)
CAIO_GLIBC_BIND(pthread_mutexattr_settype, CAIO_GLIBC_BASE)
CAIO_GLIBC_BIND(pthread_once, CAIO_GLIBC_BASE)
CAIO_GLIBC_BIND(pthread_sigmask, CAIO_GLIBC_BASE)
#endif

#endif
