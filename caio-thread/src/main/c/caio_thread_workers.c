/*
 * caio_thread_workers.c - the pool's worker threads: they run what may
 * block, and the cached reads nobody else took.
 *
 * The pool is elastic, as io_uring's io-wq is.  CPU work (page-cache
 * copies, buffered writes) gains nothing from more threads than cores, so
 * min_threads (one per core, up to the bound) always run.  Work that waits
 * for the device (O_DIRECT, fsync, a read that missed the cache) keeps a
 * thread asleep for its whole latency, so the device sees only as many
 * requests at once as there are threads: when such work is queued and no
 * worker is free to take it, another thread starts, up to the bound.  A
 * thread above min_threads that found nothing to do for caio_pool_idle_ns
 * leaves.
 */
#define _GNU_SOURCE
#include "caio_thread_pool_int.h"
#include "caio_thread_io.h"
#include "caio_share.h"
#include "caio_spin.h"

#include <errno.h>
#include <signal.h>
#include <time.h>

/* Workers only run syscall loops: 8 MiB default stacks would be waste. */
#define WORKER_STACK (256 * 1024)

/* Starting a thread costs tens of microseconds; idling 5 s before leaving
 * (io-wq's WORKER_IDLE_TIMEOUT) makes that cost vanish against the time a
 * thread is kept, while a pool that grew for a burst is gone soon after. */
int64_t caio_pool_idle_ns = INT64_C(5000000000);

static void *worker_main(void *arg);

/* Starts one worker; lock held (or the pool not yet shared).  0 or the
 * pthread_create error. */
static int start_worker(caio_pool_t *p)
{
    /* The small stack is only an optimisation: without it, use defaults. */
    pthread_attr_t attr;
    pthread_attr_t *attrp = NULL;
    if (pthread_attr_init(&attr) == 0) {
        attrp = &attr;
        (void)pthread_attr_setstacksize(&attr, WORKER_STACK);
    }
    /* Workers inherit the creator's mask, so blocking everything around
     * pthread_create means a JVM signal can never land on a worker, not even
     * before it runs its first instruction. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int rc = pthread_create(&p->threads[p->nthreads], attrp, worker_main, p);
    if (rc == 0)
        p->nthreads++;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (attrp != NULL)
        pthread_attr_destroy(attrp);
    return rc;
}

/* Device-bound requests queued beyond the workers about to take work (the
 * sleeping ones, each woken for one request, and those polling the queue)
 * get a thread each, up to the bound.  Failing to start one is not an
 * error: the running workers still drain the queue, only with less depth. */
static void grow_workers(caio_pool_t *p)
{
    int uncovered = p->blocking_q.count - p->idle_workers - p->spinning_workers;
    if (uncovered > p->device_queued)
        uncovered = p->device_queued;
    if (uncovered <= 0 || p->stopping || p->nthreads >= p->max_threads)
        return;
    join_retired(p);
    while (uncovered-- > 0 && p->nthreads < p->max_threads && start_worker(p) == 0) {
    }
}

void wake_workers(caio_pool_t *p, int n)
{
    for (n = n < p->idle_workers ? n : p->idle_workers; n > 0; n--)
        pthread_cond_signal(&p->work_cond);
    grow_workers(p);
}

void join_retired(caio_pool_t *p)
{
    while (p->nretired > 0)
        pthread_join(p->retired[--p->nretired], NULL);
}

int64_t run_blocking(const request_t *job)
{
    int64_t res = caio_thread_io(job->kind, job->fd, job->offset + (int64_t)job->done,
                                 (char *)job->addr + job->done, job->len - job->done);
    return res >= 0 ? res + (int64_t)job->done : res;
}

static struct timespec idle_deadline(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    int64_t ns = t.tv_nsec + caio_pool_idle_ns % 1000000000;
    t.tv_sec += (time_t)(caio_pool_idle_ns / 1000000000 + ns / 1000000000);
    t.tv_nsec = (long)(ns % 1000000000);
    return t;
}

/* Waits for work; false when this worker should leave instead: it idled
 * caio_pool_idle_ns and the pool is above min_threads. */
static bool await_work(caio_pool_t *p)
{
    if (worker_next(p) == NIL && !p->stopping) {
        p->spinning_workers++;
        spin_unlocked(p, queue_nonempty, CAIO_SPIN_NS);
        p->spinning_workers--;
    }
    struct timespec deadline = idle_deadline();
    while (worker_next(p) == NIL && !p->stopping) {
        p->idle_workers++;
        int rc = pthread_cond_timedwait(&p->work_cond, &p->lock, &deadline);
        p->idle_workers--;
        if (rc != ETIMEDOUT || worker_next(p) != NIL || p->stopping)
            continue;
        if (p->nthreads > p->min_threads)
            return false;
        deadline = idle_deadline();
    }
    return true;
}

/* Leaves the live set for the retired one (lock held); whoever next grows
 * the pool or shuts it down joins it. */
static void retire(caio_pool_t *p)
{
    pthread_t self = pthread_self();
    join_retired(p); /* earlier leavers are gone by now: keep one at most */
    for (int i = 0; i < p->nthreads; i++) {
        if (pthread_equal(p->threads[i], self)) {
            p->threads[i] = p->threads[--p->nthreads];
            break;
        }
    }
    p->retired[p->nretired++] = self;
}

static void *worker_main(void *arg)
{
    caio_pool_t *p = arg;
    pthread_setname_np(pthread_self(), "caio-thread-w");
    pthread_mutex_lock(&p->lock);
    for (;;) {
        if (!await_work(p)) {
            retire(p);
            break;
        }
        if (p->stopping)
            break; /* shutdown already cancelled everything queued */
        int32_t s = worker_next(p);
        queue_unlink(p, s);
        p->reqs[s].state = RUNNING;
        request_t job = p->reqs[s]; /* run from a copy: the lock is dropped */
        /* A submitter may have signalled fewer workers than requests (or a
         * signal raced with another wakeup): pass the baton on. */
        if (worker_next(p) != NIL && p->idle_workers > 0)
            pthread_cond_signal(&p->work_cond);
        pthread_mutex_unlock(&p->lock);

        int64_t result = run_blocking(&job);

        pthread_mutex_lock(&p->lock);
        post_completion(p, s, result);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

int start_workers(caio_pool_t *p)
{
    int rc = 0;
    pthread_mutex_lock(&p->lock);
    while (rc == 0 && p->nthreads < p->min_threads)
        rc = start_worker(p);
    pthread_mutex_unlock(&p->lock);
    return rc;
}
