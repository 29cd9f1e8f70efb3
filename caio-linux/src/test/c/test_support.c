/*
 * test_support.c - plumbing for the engine tests: failure accounting, the
 * fsync interposer and gate, and small helpers.
 */
#define _GNU_SOURCE
#include "test_support.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int failures;
_Atomic int fsync_calls, fdatasync_calls;

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
    caio_laio_t *e = caio_laio_create(max_requests, &err, &what);
    if (e == NULL) {
        errno = err;
        die(what);
    }
    return e;
}

int temp_file_flags(int extra_flags)
{
    char name[] = "target/native-test/caio-linux-test-XXXXXX";
    int fd = mkostemp(name, extra_flags);
    if (fd >= 0)
        unlink(name);
    return fd;
}

int temp_file(void)
{
    int fd = temp_file_flags(0);
    if (fd < 0)
        die("mkostemp in target/native-test");
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

void submit_ok(caio_laio_t *e, const caio_op_t *ops, int n)
{
    int bad;
    int rc = caio_laio_submit_ops(e, ops, n, &bad);
    if (rc != 0) {
        fprintf(stderr, "submit failed rc=%d bad=%d\n", rc, bad);
        exit(2);
    }
}

/* Reaps exactly n completions, in small batches to exercise partial
 * reaps; counts[] catches duplicated completions. */
void collect(caio_laio_t *e, int n, int64_t *results, int *counts)
{
    caio_completion_t c[7];
    while (n > 0) {
        int got = caio_laio_reap(e, c, n < 7 ? n : 7);
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
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL)
        n += ent->d_name[0] != '.';
    closedir(d);
    return n;
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
    caio_completion_t c[4];
    caio_laio_shutdown(e);
    CHECK(caio_laio_reap(e, c, 4) == -1, "reap after shutdown must say -1");
    CHECK(caio_laio_destroy_engine(e) == 0, "destroy");
}
