/*
 * test_support.c - plumbing only the pool tests need: a pread "gate" that
 * pins workers, and the pool behind the generic engine interface.
 */
#define _GNU_SOURCE
#include "test_support.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/syscall.h>
#include <unistd.h>

/* pread interposer: the test executable's definition wins over libc's, so
 * the pool's workers call this.  Reads of gate_fd block until the gate
 * opens, which pins workers deterministically ("still queued" is otherwise
 * a matter of timing). */
static _Atomic int gate_fd = -1;
static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cond = PTHREAD_COND_INITIALIZER;
static int gate_open, gate_waiters;

ssize_t pread(int fd, void *buf, size_t n, off_t off)
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
    return syscall(SYS_pread64, fd, buf, n, off);
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

static int pool_submit(void *p, const caio_op_t *ops, int n, int *bad)
{
    return caio_pool_submit(p, ops, n, bad);
}
static int pool_reap(void *p, caio_completion_t *out, int max) { return caio_pool_reap(p, out, max); }
static void pool_shutdown(void *p) { caio_pool_shutdown(p); }
static int pool_destroy(void *p) { return caio_pool_destroy(p); }

const caio_engine_ops_t test_ops = {
    .name = "thread pool",
    .submit = pool_submit,
    .reap = pool_reap,
    .shutdown = pool_shutdown,
    .destroy = pool_destroy,
};

caio_pool_t *new_pool(int max_requests, int threads)
{
    int err;
    const char *what;
    caio_pool_t *p = caio_pool_create(max_requests, threads, &err, &what);
    if (p == NULL) {
        errno = err;
        die(what);
    }
    return p;
}

int temp_file(void) { return temp_file_or_die("/tmp/caio-thread-test"); }

void submit_ok(caio_pool_t *p, const caio_op_t *ops, int n) { engine_submit_ok(&test_ops, p, ops, n); }

void collect(caio_pool_t *p, int n, int64_t *results, int *counts)
{
    engine_collect(&test_ops, p, n, results, counts);
}

void finish(caio_pool_t *p)
{
    CHECK(caio_pool_shutdown(p) == 0, "shutdown");
    engine_finish_after_shutdown(&test_ops, p);
}
