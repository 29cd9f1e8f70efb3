/*
 * test_support.c - plumbing for the pool tests: failure accounting, a
 * pread "gate" that pins workers, and small helpers.
 */
#define _GNU_SOURCE
#include "test_support.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int failures;

void die(const char *what)
{
    perror(what);
    exit(2);
}

void pause_ms(int ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

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

int temp_file(void)
{
    char name[] = "/tmp/caio-thread-test-XXXXXX";
    int fd = mkstemp(name);
    if (fd < 0)
        die("mkstemp");
    unlink(name);
    return fd;
}

unsigned char pattern(int64_t pos)
{
    return (unsigned char)((pos * 31 + 7) % 251);
}

caio_op_t op(int slot, int kind, int fd, int64_t off, void *addr, size_t len)
{
    caio_op_t o = {slot, kind, fd, off, addr, len};
    return o;
}

void submit_ok(caio_pool_t *p, const caio_op_t *ops, int n)
{
    int bad;
    int rc = caio_pool_submit(p, ops, n, &bad);
    if (rc != 0) {
        fprintf(stderr, "submit failed rc=%d bad=%d\n", rc, bad);
        exit(2);
    }
}

/* Reaps exactly n completions, in small batches to exercise partial
 * reaps; counts[] catches duplicated completions. */
void collect(caio_pool_t *p, int n, int64_t *results, int *counts)
{
    caio_completion_t c[7];
    while (n > 0) {
        int got = caio_pool_reap(p, c, n < 7 ? n : 7);
        if (got <= 0) {
            fprintf(stderr, "reap returned %d with %d completions missing\n", got, n);
            exit(2);
        }
        for (int i = 0; i < got; i++) {
            results[c[i].slot] = c[i].result;
            if (counts != NULL)
                counts[c[i].slot]++;
        }
        n -= got;
    }
}

int count_threads(void)
{
    DIR *d = opendir("/proc/self/task");
    if (d == NULL)
        die("opendir /proc/self/task");
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

void finish(caio_pool_t *p)
{
    caio_completion_t c[4];
    CHECK(caio_pool_shutdown(p) == 0, "shutdown");
    CHECK(caio_pool_reap(p, c, 4) == -1, "reap after shutdown must say -1");
    CHECK(caio_pool_destroy(p) == 0, "destroy");
}
