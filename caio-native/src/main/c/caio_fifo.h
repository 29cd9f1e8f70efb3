/*
 * caio_fifo.h - the engines' request queues: an intrusive FIFO of slot
 * numbers with O(1) unlink, so cancelling a queued request costs nothing.
 *
 * The links live in an array the engine owns, one per slot.  A slot is in
 * at most one FIFO at a time, so an engine's FIFOs share that array.  No
 * locking here: the engine's own lock guards its FIFOs.
 */
#ifndef CAIO_FIFO_H_
#define CAIO_FIFO_H_

#include <stdint.h>

#define CAIO_NIL (-1)

typedef struct caio_link {
    int32_t prev, next;
} caio_link_t;

typedef struct caio_fifo {
    int32_t head, tail;
    int count;
} caio_fifo_t;

static inline void caio_fifo_init(caio_fifo_t *f)
{
    f->head = f->tail = CAIO_NIL;
    f->count = 0;
}

static inline void caio_links_init(caio_link_t *links, int n)
{
    for (int i = 0; i < n; i++)
        links[i].prev = links[i].next = CAIO_NIL;
}

static inline void caio_fifo_push_tail(caio_fifo_t *f, caio_link_t *links, int32_t s)
{
    links[s].prev = f->tail;
    links[s].next = CAIO_NIL;
    if (f->tail == CAIO_NIL)
        f->head = s;
    else
        links[f->tail].next = s;
    f->tail = s;
    f->count++;
}

/* For a request given back to the queue: it keeps its place in line. */
static inline void caio_fifo_push_head(caio_fifo_t *f, caio_link_t *links, int32_t s)
{
    links[s].prev = CAIO_NIL;
    links[s].next = f->head;
    if (f->head == CAIO_NIL)
        f->tail = s;
    else
        links[f->head].prev = s;
    f->head = s;
    f->count++;
}

static inline void caio_fifo_unlink(caio_fifo_t *f, caio_link_t *links, int32_t s)
{
    caio_link_t *l = &links[s];
    if (l->prev == CAIO_NIL)
        f->head = l->next;
    else
        links[l->prev].next = l->next;
    if (l->next == CAIO_NIL)
        f->tail = l->prev;
    else
        links[l->next].prev = l->prev;
    l->prev = l->next = CAIO_NIL;
    f->count--;
}

#endif /* CAIO_FIFO_H_ */
