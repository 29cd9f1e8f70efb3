/*
 * test_support.c - plumbing only the pool tests need: a pread "gate" that
 * pins workers, and pool set-up and tear-down.
 */
#define _GNU_SOURCE
#include "test_support.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

/* pread interposer: the test executable's definition wins over libc's, so
 * the pool's workers call this.  Reads of gate_fd block until the gate
 * opens, which pins workers deterministically ("still queued" is otherwise
 * a matter of timing). */
static _Atomic int gate_fd = -1;
static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cond = PTHREAD_COND_INITIALIZER;
static int gate_open, gate_waiters;

static void gate_pass(int fd)
{
    if (fd >= 0 && fd == atomic_load(&gate_fd)) {
        pthread_mutex_lock(&gate_lock);
        gate_waiters++;
        pthread_cond_broadcast(&gate_cond);
        while (!gate_open)
            pthread_cond_wait(&gate_cond, &gate_lock);
        gate_waiters--;
        pthread_mutex_unlock(&gate_lock);
    }
}

ssize_t pread(int fd, void *buf, size_t n, off_t off)
{
    gate_pass(fd);
    return syscall(SYS_pread64, fd, buf, n, off);
}

/* preadv2 interposer, for the inline (RWF_NOWAIT) path: reads of
 * nowait_fd return at most nowait_partial bytes once, then EAGAIN, as a
 * file whose pages are only partly cached would.  With gate_inline(1) the
 * gate holds these reads too, which pins a submitter inside its inline
 * reads. */
static _Atomic int gate_nowait;

void gate_inline(int on)
{
    atomic_store(&gate_nowait, on);
}

static _Atomic int nowait_fd = -1;
static _Atomic int nowait_partial;
_Atomic int nowait_calls;

ssize_t preadv2(int fd, const struct iovec *iov, int cnt, off_t off, int flags)
{
    if (atomic_load(&gate_nowait))
        gate_pass(fd);
    if (fd >= 0 && fd == atomic_load(&nowait_fd) && (flags & RWF_NOWAIT)) {
        atomic_fetch_add(&nowait_calls, 1);
        int partial = atomic_exchange(&nowait_partial, 0);
        if (partial == 0) {
            errno = EAGAIN;
            return -1;
        }
        struct iovec one = {iov[0].iov_base, (size_t)partial < iov[0].iov_len ? (size_t)partial : iov[0].iov_len};
        return syscall(SYS_preadv2, fd, &one, 1, (long)off, 0L, 0);
    }
    return syscall(SYS_preadv2, fd, iov, cnt, (long)off, 0L, flags);
}

void nowait_refuse(int fd, int partial)
{
    atomic_store(&nowait_partial, partial);
    atomic_store(&nowait_calls, 0);
    atomic_store(&nowait_fd, fd);
}

void gate_close(int fd)
{
    pthread_mutex_lock(&gate_lock);
    gate_open = 0;
    pthread_mutex_unlock(&gate_lock);
    atomic_store(&gate_fd, fd);
}

void gate_wait_blocked(int n)
{
    pthread_mutex_lock(&gate_lock);
    while (gate_waiters < n)
        pthread_cond_wait(&gate_cond, &gate_lock);
    pthread_mutex_unlock(&gate_lock);
}

void gate_release(void)
{
    pthread_mutex_lock(&gate_lock);
    gate_open = 1;
    pthread_cond_broadcast(&gate_cond);
    pthread_mutex_unlock(&gate_lock);
}

int pool_flags;

caio_pool_t *new_pool(int max_requests, int threads)
{
    int err;
    const char *what;
    caio_pool_t *p = caio_pool_create(max_requests, threads | pool_flags, &err, &what);
    if (p == NULL) {
        errno = err;
        die(what);
    }
    return p;
}

int temp_file(void) { return temp_file_or_die("/tmp/caio-thread-test"); }

void submit_ok(caio_pool_t *p, const caio_op_t *ops, int n) { engine_submit_ok(&caio_thread_ops, p, ops, n); }

void collect(caio_pool_t *p, int n, int64_t *results, int *counts)
{
    engine_collect(&caio_thread_ops, p, n, results, counts);
}

int shutdown_joined(caio_pool_t *p)
{
    caio_pool_shutdown(p);
    caio_pool_stats_t st;
    caio_pool_stats(p, &st);
    return st.terminated ? 0 : -1;
}

void *shutdown_thread(void *pool)
{
    return (void *)(intptr_t)shutdown_joined(pool);
}

pthread_t start_shutdown(caio_pool_t *p, caio_pool_stats_t *st)
{
    pthread_t t;
    pthread_create(&t, NULL, shutdown_thread, p);
    do {
        pause_ms(1);
        caio_pool_stats(p, st);
    } while (!st->stopping);
    return t;
}

void finish(caio_pool_t *p)
{
    CHECK(shutdown_joined(p) == 0, "shutdown");
    engine_finish_after_shutdown(&caio_thread_ops, p);
}
