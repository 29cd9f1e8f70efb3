/*
 * caio_syscall_cost.h - what entering the kernel costs on this machine,
 * measured once per library.
 *
 * The sharing policy (caio_share.h) trades two things when it picks how
 * many operations go into one system call: fewer calls, or smaller shares
 * that keep two cores evenly busy.  Which wins depends on the price of a
 * system call, and that price varies about tenfold between
 * machines of the same kind: a plain kernel enters in about 100 ns, one
 * where every entry also switches page tables (PTI) under a paravirtualised
 * hypervisor takes many times that, as much as a whole 4 KiB page-cache read.
 * So it is measured rather than assumed.
 */
#ifndef CAIO_SYSCALL_COST_H_
#define CAIO_SYSCALL_COST_H_

#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "caio_spin.h" /* caio_now_ns */

/* ns per null system call: the best of 8 rounds of 16 getppid calls, so a
 * preemption or an interrupt in one round does not count.  ~0.1-0.2 ms once,
 * then cached; racing first callers just measure twice. */
static inline long caio_syscall_cost_ns(void)
{
    static long cached; /* 0: not measured yet */
    long c = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (c > 0)
        return c;
    long best = -1;
    for (int round = 0; round < 8; round++) {
        int64_t t0 = caio_now_ns();
        for (int i = 0; i < 16; i++)
            (void)syscall(SYS_getppid);
        long per = (long)((caio_now_ns() - t0) / 16);
        if (best < 0 || per < best)
            best = per;
    }
    c = best > 0 ? best : 1;
    __atomic_store_n(&cached, c, __ATOMIC_RELAXED);
    return c;
}

#endif /* CAIO_SYSCALL_COST_H_ */
