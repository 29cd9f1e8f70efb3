/*
 * caio_done.h - an engine's done queue: the slots whose result is known,
 * in completion order, until reap hands them to Java.
 *
 * Each slot completes once per submission, so max_requests entries always
 * suffice.  No locking here: the engine's lock guards it; `count` may be
 * read racily (__atomic) as a hint by spinners that recheck under the lock.
 */
#ifndef CAIO_DONE_H_
#define CAIO_DONE_H_

#include "caio_alloc.h"

#include <stdint.h>

typedef struct caio_done {
    int32_t *slot;
    int head, count, cap;
} caio_done_t;

/* 0, or -1 when the memory is not there. */
static inline int caio_done_init(caio_done_t *q, int cap)
{
    q->slot = caio_calloc((size_t)cap, sizeof(*q->slot));
    q->head = q->count = 0;
    q->cap = cap;
    return q->slot == NULL ? -1 : 0;
}

static inline void caio_done_free(caio_done_t *q)
{
    caio_free(q->slot);
    q->slot = NULL;
}

/* 0, or -1 if full, which a slot completed twice would cause. */
static inline int caio_done_push(caio_done_t *q, int32_t s)
{
    if (q->count >= q->cap)
        return -1;
    q->slot[(q->head + q->count) % q->cap] = s;
    q->count++;
    return 0;
}

/* The oldest slot; the queue must not be empty. */
static inline int32_t caio_done_pop(caio_done_t *q)
{
    int32_t s = q->slot[q->head];
    q->head = (q->head + 1) % q->cap;
    q->count--;
    return s;
}

/* Racy: for spinners, which recheck under the engine's lock. */
static inline int caio_done_waiting(const caio_done_t *q)
{
    return __atomic_load_n(&q->count, __ATOMIC_RELAXED) > 0;
}

#endif /* CAIO_DONE_H_ */
