/*
 * caio_alloc.h - the allocator every engine uses, so that the library can
 * report how much native memory it holds (a test-visible counter: a soak test
 * asserts it returns to its baseline after close).  Counters are per library.
 */
#ifndef CAIO_ALLOC_H_
#define CAIO_ALLOC_H_

#include <stddef.h>
#include <stdint.h>

void *caio_malloc(size_t size);
void *caio_calloc(size_t n, size_t size);
void caio_free(void *p);

/* Bytes and blocks currently allocated through the functions above. */
int64_t caio_alloc_bytes(void);
int64_t caio_alloc_blocks(void);

#endif /* CAIO_ALLOC_H_ */
