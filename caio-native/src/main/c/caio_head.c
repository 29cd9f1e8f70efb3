/*
 * caio_head.c - pinning an engine handle for a call (caio_head.h).
 */
#include "caio_head.h"

#include <stddef.h>
#include <time.h>

/* Rejects what cannot be an engine without dereferencing it. */
static int plausible(const caio_head_t *h)
{
    return h != NULL && (uintptr_t)h % _Alignof(caio_head_t) == 0;
}

void caio_head_open(caio_head_t *h, uint64_t magic)
{
    atomic_store(&h->callers, 0);
    atomic_store(&h->magic, magic);
}

int caio_head_enter(caio_head_t *h, uint64_t magic)
{
    if (!plausible(h) || atomic_load(&h->magic) != magic)
        return -1;
    /* Announce, then check again: destroy either sees this caller or this
     * caller sees the retired mark. */
    atomic_fetch_add(&h->callers, 1);
    if (atomic_load(&h->magic) != magic) {
        atomic_fetch_sub(&h->callers, 1);
        return -1;
    }
    return 0;
}

void caio_head_leave(caio_head_t *h)
{
    atomic_fetch_sub(&h->callers, 1);
}

int caio_head_close(caio_head_t *h, uint64_t magic)
{
    if (!plausible(h))
        return -1;
    uint64_t expected = magic;
    /* The exchange makes a second (racing or repeated) destroy a no-op. */
    return atomic_compare_exchange_strong(&h->magic, &expected, 0) ? 0 : -1;
}

void caio_head_await_callers(caio_head_t *h)
{
    while (atomic_load(&h->callers) != 0) {
        struct timespec ts = {0, 100 * 1000};
        nanosleep(&ts, NULL);
    }
}
