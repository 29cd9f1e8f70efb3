/*
 * caio_alloc.c - counting allocator (see caio_alloc.h).  Each block carries
 * its size in a 16-byte header, which keeps the caller's alignment.
 */
#include "caio_alloc.h"

#include <stdatomic.h>
#include <stdlib.h>

#define HEADER 16

static _Atomic int64_t live_bytes;
static _Atomic int64_t live_blocks;

static void *account(void *raw, size_t size)
{
    if (raw == NULL)
        return NULL;
    *(size_t *)raw = size;
    atomic_fetch_add_explicit(&live_bytes, (int64_t)size, memory_order_relaxed);
    atomic_fetch_add_explicit(&live_blocks, 1, memory_order_relaxed);
    return (char *)raw + HEADER;
}

void *caio_malloc(size_t size)
{
    if (size > SIZE_MAX - HEADER)
        return NULL;
    return account(malloc(size + HEADER), size);
}

void *caio_calloc(size_t n, size_t size)
{
    if (size != 0 && n > (SIZE_MAX - HEADER) / size)
        return NULL;
    return account(calloc(1, n * size + HEADER), n * size);
}

void caio_free(void *p)
{
    if (p == NULL)
        return;
    char *raw = (char *)p - HEADER;
    atomic_fetch_sub_explicit(&live_bytes, (int64_t)*(size_t *)raw, memory_order_relaxed);
    atomic_fetch_sub_explicit(&live_blocks, 1, memory_order_relaxed);
    free(raw);
}

int64_t caio_alloc_bytes(void)
{
    return atomic_load_explicit(&live_bytes, memory_order_relaxed);
}

int64_t caio_alloc_blocks(void)
{
    return atomic_load_explicit(&live_blocks, memory_order_relaxed);
}
