/*
 * caio_spin.h - brief polling before a blocking wait, shared by the engines.
 *
 * At queue depth the next request or completion usually arrives within
 * microseconds, and a futex or eventfd sleep plus its wake-up costs more than
 * the 4 KiB page-cache copy being waited for.  So a thread about to sleep
 * first polls for up to CAIO_SPIN_NS, yielding now and then: on two cores the
 * thread it waits for needs the CPU.  Callers recheck under their lock.
 */
#ifndef CAIO_SPIN_H_
#define CAIO_SPIN_H_

#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#define CAIO_SPIN_NS 5000L

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

/* Polls ready(arg) until it returns true (then true) or the budget is spent. */
static inline bool caio_spin_until(bool (*ready)(const void *), const void *arg)
{
    int64_t deadline = caio_now_ns() + CAIO_SPIN_NS;
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

#endif /* CAIO_SPIN_H_ */
