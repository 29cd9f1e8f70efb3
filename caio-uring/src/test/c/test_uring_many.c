/*
 * test_uring_many.c - 5000 ops through 32 slots from 3 submitting threads
 * while one thread reaps: every op completes exactly once, with the right
 * data, and slots are reused as soon as they are reaped.
 */
#define _GNU_SOURCE
#include "test_support.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { M_SLOTS = 32, M_THREADS = 3, M_OPS = 5000, M_HALF = M_OPS / 2, M_CHUNK = 512 };

static caio_uring_t *me;
static int mfd;
static pthread_mutex_t mlock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t mcond = PTHREAD_COND_INITIALIZER;
static int free_slots[M_SLOTS], nfree;
static int slot_op[M_SLOTS];
static unsigned char mbuf[M_SLOTS][M_CHUNK];
static int op_count[M_OPS];
static int next_op, completed, writes_completed, wrong;

/* Op i < M_HALF writes chunk i; op i >= M_HALF reads chunk i - M_HALF back,
 * once every write is done. */
static int64_t chunk_off(int id)
{
    return (int64_t)(id % M_HALF) * M_CHUNK;
}

static void *submitter(void *arg)
{
    unsigned seed = (unsigned)(uintptr_t)arg;
    caio_op_t ops[8];
    pthread_mutex_lock(&mlock);
    while (next_op < M_OPS) {
        if ((next_op >= M_HALF && writes_completed < M_HALF) || nfree == 0) {
            pthread_cond_wait(&mcond, &mlock);
            continue;
        }
        int limit = next_op < M_HALF ? M_HALF : M_OPS;
        int k = 1 + (int)(rand_r(&seed) % 8);
        if (k > nfree)
            k = nfree;
        if (k > limit - next_op)
            k = limit - next_op;
        for (int i = 0; i < k; i++) {
            int slot = free_slots[--nfree], id = next_op++;
            slot_op[slot] = id;
            int write = id < M_HALF;
            for (int j = 0; j < M_CHUNK; j++)
                mbuf[slot][j] = write ? pattern(chunk_off(id) + j) : 0;
            ops[i] = op(slot, write ? CAIO_OP_WRITE : CAIO_OP_READ, mfd, chunk_off(id),
                        mbuf[slot], M_CHUNK);
        }
        pthread_mutex_unlock(&mlock);
        submit_ok(me, ops, k);
        pthread_mutex_lock(&mlock);
    }
    pthread_mutex_unlock(&mlock);
    return NULL;
}

static void *reaper(void *arg)
{
    (void)arg;
    caio_completion_t c[16];
    int got;
    while ((got = caio_uring_reap(me, c, 5)) > 0) {
        pthread_mutex_lock(&mlock);
        for (int i = 0; i < got; i++) {
            int slot = c[i].slot, id = slot_op[slot];
            op_count[id]++;
            if (c[i].result != M_CHUNK) {
                wrong++;
            } else if (id >= M_HALF) {
                for (int j = 0; j < M_CHUNK; j++)
                    if (mbuf[slot][j] != pattern(chunk_off(id) + j)) {
                        wrong++;
                        break;
                    }
            } else {
                writes_completed++;
            }
            completed++;
            free_slots[nfree++] = slot;
        }
        pthread_cond_broadcast(&mcond);
        pthread_mutex_unlock(&mlock);
    }
    return NULL;
}

void test_many_submitters(void)
{
    me = new_engine(M_SLOTS, 0);
    mfd = temp_file();
    for (int i = 0; i < M_SLOTS; i++)
        free_slots[nfree++] = i;
    pthread_t r, s[M_THREADS];
    pthread_create(&r, NULL, reaper, NULL);
    for (int t = 0; t < M_THREADS; t++)
        pthread_create(&s[t], NULL, submitter, (void *)(uintptr_t)(t + 1));
    for (int t = 0; t < M_THREADS; t++)
        pthread_join(s[t], NULL);
    pthread_mutex_lock(&mlock);
    while (completed < M_OPS)
        pthread_cond_wait(&mcond, &mlock);
    pthread_mutex_unlock(&mlock);
    caio_uring_shutdown(me);
    pthread_join(r, NULL);
    int dup = 0;
    for (int i = 0; i < M_OPS; i++)
        dup += op_count[i] != 1;
    CHECK(dup == 0 && wrong == 0 && completed == M_OPS && nfree == M_SLOTS,
          "%d ops not completed exactly once, %d wrong, %d completed, %d slots free", dup,
          wrong, completed, nfree);
    CHECK(caio_uring_destroy(me) == 0, "destroy");
    close(mfd);
}
