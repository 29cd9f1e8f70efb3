/*
 * caio_batch.h - what every engine's submit does before its own work:
 * validate the batch, then claim each op's slot, all or nothing.
 *
 * The JNI face validates too (with messages); these checks keep an engine
 * safe on its own, e.g. under its C tests.
 */
#ifndef CAIO_BATCH_H_
#define CAIO_BATCH_H_

#include "caio_engine.h"

#include <stddef.h>
#include <stdint.h>

/* 0, or -EINVAL for a bad count or ops pointer (*bad = -1) or for the first
 * op with a slot outside [0, max_requests), an unknown kind, a negative or
 * overflowing offset, or no buffer for a read or write (*bad = its index). */
int caio_batch_check(const caio_op_t *ops, int count, int max_requests, int *bad);

/* Claims the slot of every op: its state byte goes from 0 (free) to
 * `claimed`.  The state of slot s is the byte at state0 + s * stride, so an
 * engine passes &slots[0].state and sizeof(slots[0]).  A slot in use or
 * repeated in the batch releases the ones already claimed and returns
 * -EBUSY (*bad = its index); nothing of the batch is then visible.  Caller
 * holds the lock that guards the states. */
int caio_batch_claim(uint8_t *state0, size_t stride, const caio_op_t *ops, int count,
                     uint8_t claimed, int *bad);

#endif /* CAIO_BATCH_H_ */
