/*
 * test_support.c - plumbing only the Linux AIO engine tests need: the fsync
 * interposer and gate, and the engine's own wrappers of the shared helpers.
 */
#define _GNU_SOURCE
#include "test_support.h"

#include <errno.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

_Atomic int fsync_calls, fdatasync_calls;

static _Atomic int gate_fd = -1;
static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cond = PTHREAD_COND_INITIALIZER;
static int gate_open, gate_waiters;

static void gate(int fd)
{
    if (fd < 0 || fd != atomic_load(&gate_fd))
        return;
    pthread_mutex_lock(&gate_lock);
    gate_waiters++;
    pthread_cond_broadcast(&gate_cond);
    while (!gate_open)
        pthread_cond_wait(&gate_cond, &gate_lock);
    gate_waiters--;
    pthread_mutex_unlock(&gate_lock);
}

int fsync(int fd)
{
    atomic_fetch_add(&fsync_calls, 1);
    gate(fd);
    return (int)syscall(SYS_fsync, fd);
}

int fdatasync(int fd)
{
    atomic_fetch_add(&fdatasync_calls, 1);
    gate(fd);
    return (int)syscall(SYS_fdatasync, fd);
}

void sync_gate_close(int fd)
{
    pthread_mutex_lock(&gate_lock);
    gate_open = 0;
    pthread_mutex_unlock(&gate_lock);
    atomic_store(&gate_fd, fd);
}

void sync_gate_wait_blocked(void)
{
    pthread_mutex_lock(&gate_lock);
    while (gate_waiters < 1)
        pthread_cond_wait(&gate_cond, &gate_lock);
    pthread_mutex_unlock(&gate_lock);
}

void sync_gate_release(void)
{
    pthread_mutex_lock(&gate_lock);
    gate_open = 1;
    pthread_cond_broadcast(&gate_cond);
    pthread_mutex_unlock(&gate_lock);
    atomic_store(&gate_fd, -1);
}

caio_laio_t *new_engine(int max_requests)
{
    int err;
    const char *what;
    caio_laio_t *e = caio_laio_create(max_requests, 0, &err, &what);
    if (e == NULL) {
        errno = err;
        die(what);
    }
    return e;
}

#define TEMP_PREFIX "target/native-test/caio-linux-test"

int temp_file_flags(int extra_flags) { return temp_file_at(TEMP_PREFIX, extra_flags); }

int temp_file(void) { return temp_file_or_die(TEMP_PREFIX); }

void submit_ok(caio_laio_t *e, const caio_op_t *ops, int n) { engine_submit_ok(&caio_linux_ops, e, ops, n); }

void collect(caio_laio_t *e, int n, int64_t *results, int *counts)
{
    engine_collect(&caio_linux_ops, e, n, results, counts);
}

long aio_nr(void)
{
    FILE *f = fopen("/proc/sys/fs/aio-nr", "re");
    long v = -1;
    if (f != NULL) {
        if (fscanf(f, "%ld", &v) != 1)
            v = -1;
        fclose(f);
    }
    return v;
}

void finish(caio_laio_t *e)
{
    caio_laio_shutdown(e);
    engine_finish_after_shutdown(&caio_linux_ops, e);
}
