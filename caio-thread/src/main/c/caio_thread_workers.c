/*
 * caio_thread_workers.c - the pool's worker threads: they run what may
 * block, and the cached reads nobody else took.
 */
#define _GNU_SOURCE
#include "caio_thread_pool_int.h"
#include "caio_thread_io.h"
#include "caio_share.h"
#include "caio_spin.h"

#include <signal.h>

/* Workers only run syscall loops: 8 MiB default stacks would be waste. */
#define WORKER_STACK (256 * 1024)

void wake_workers(caio_pool_t *p, int n)
{
    for (n = n < p->idle_workers ? n : p->idle_workers; n > 0; n--)
        pthread_cond_signal(&p->work_cond);
}

int64_t run_blocking(const request_t *job)
{
    int64_t res = caio_thread_io(job->kind, job->fd, job->offset + (int64_t)job->done,
                                 (char *)job->addr + job->done, job->len - job->done);
    return res >= 0 ? res + (int64_t)job->done : res;
}

static void *worker_main(void *arg)
{
    caio_pool_t *p = arg;
    pthread_setname_np(pthread_self(), "caio-thread-w");
    pthread_mutex_lock(&p->lock);
    for (;;) {
        if (worker_next(p) == NIL && !p->stopping)
            spin_unlocked(p, queue_nonempty, CAIO_SPIN_NS);
        while (worker_next(p) == NIL && !p->stopping) {
            p->idle_workers++;
            pthread_cond_wait(&p->work_cond, &p->lock);
            p->idle_workers--;
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

int start_workers(caio_pool_t *p, int pool_size)
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
    int rc = 0;
    for (int i = 0; rc == 0 && i < pool_size; i++) {
        rc = pthread_create(&p->threads[i], attrp, worker_main, p);
        if (rc == 0)
            p->nthreads++;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (attrp != NULL)
        pthread_attr_destroy(attrp);
    return rc;
}
