/*
 * caio_head.h - the first member of every engine's struct: the mark that
 * tells a live handle from a stale one, and the count of JNI calls inside
 * the engine, so that destroy frees nothing a caller still uses.
 *
 * Java hands handles back as plain longs; a bug there (a destroyed or
 * foreign handle) must become an IllegalStateException, never a crash.
 */
#ifndef CAIO_HEAD_H_
#define CAIO_HEAD_H_

#include "caio_engine.h"

#include <stdatomic.h>
#include <stdint.h>

typedef struct caio_head {
    _Atomic uint64_t magic; /* the engine's mark while live, 0 once destroyed */
    _Atomic int callers;    /* calls between caio_head_enter and caio_head_leave */
    int max_requests;       /* slots are 0 .. max_requests - 1 */
} caio_head_t;

/* Every engine struct starts with its caio_head_t (C lets a pointer to a
 * struct be used as a pointer to its first member). */
static inline caio_head_t *caio_head_of(caio_engine_t *e)
{
    return (caio_head_t *)(void *)e;
}

/* Last step of create (which sets max_requests before anything uses it):
 * from here on, enter accepts the handle. */
void caio_head_open(caio_head_t *h, uint64_t magic);

/* Pins the engine for one call: 0, or -1 if h cannot be a live engine with
 * this mark (NULL, misaligned, destroyed). */
int caio_head_enter(caio_head_t *h, uint64_t magic);
void caio_head_leave(caio_head_t *h);

/* First step of destroy: 0 for the one caller that retires the mark, -1
 * for a stale handle or a racing or repeated destroy. */
int caio_head_close(caio_head_t *h, uint64_t magic);

/* After close and the engine's shutdown: waits until no pinned call is
 * left inside (none blocks long on a shut-down engine). */
void caio_head_await_callers(caio_head_t *h);

#endif /* CAIO_HEAD_H_ */
