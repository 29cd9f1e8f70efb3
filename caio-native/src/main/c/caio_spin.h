/*
 * caio_spin.h - brief polling before a blocking wait, shared by the engines.
 *
 * At queue depth the next request or completion usually arrives within
 * microseconds, and a futex or eventfd sleep plus its wake-up costs more than
 * the 4 KiB page-cache copy being waited for.  So a thread about to sleep
 * first polls, for a budget the sharing policy sets (caio_share.h), yielding
 * now and then: on two cores the thread it waits for needs the CPU.  Callers
 * recheck under their lock.
 */
#ifndef CAIO_SPIN_H_
#define CAIO_SPIN_H_

#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "caio_share.h"


static inline void caio_cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

static inline int64_t caio_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000L + ts.tv_nsec;
}

/* Polls ready(arg) until it returns true (then true) or budget_ns passed. */
static inline bool caio_spin_for(bool (*ready)(const void *), const void *arg, int64_t budget_ns)
{
    int64_t deadline = caio_now_ns() + budget_ns;
    for (int i = 0;; i++) {
        if (ready(arg))
            return true;
        if ((i & 63) == 63) {
            if (caio_now_ns() > deadline)
                return false;
            sched_yield();
        }
        caio_cpu_relax();
    }
}

/* caio_spin_for with the default budget. */
static inline bool caio_spin_until(bool (*ready)(const void *), const void *arg)
{
    return caio_spin_for(ready, arg, CAIO_SPIN_NS);
}

/* An engine lock is held for microseconds by a thread on another core:
 * waiting for it by sleeping in the kernel costs a wake-up far longer than
 * the wait, so contended lockers spin a little first (glibc's adaptive
 * mutex). */
static inline void caio_mutex_init_adaptive(pthread_mutex_t *m)
{
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ADAPTIVE_NP);
    pthread_mutex_init(m, &attr);
    pthread_mutexattr_destroy(&attr);
}

#endif /* CAIO_SPIN_H_ */
