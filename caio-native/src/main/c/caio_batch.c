/*
 * caio_batch.c - batch validation and the all-or-nothing slot claim
 * (caio_batch.h).
 */
#include "caio_batch.h"

#include <errno.h>
#include <stdbool.h>

static bool op_is_valid(const caio_op_t *op, int max_requests)
{
    return op->slot >= 0 && op->slot < max_requests && op->kind >= CAIO_OP_READ &&
           op->kind <= CAIO_OP_FDSYNC && op->offset >= 0 &&
           op->len <= (uint64_t)(INT64_MAX - op->offset) &&
           (op->addr != NULL || op->len == 0 || op->kind >= CAIO_OP_FSYNC);
}

int caio_batch_check(const caio_op_t *ops, int count, int max_requests, int *bad)
{
    *bad = -1;
    if (count < 0 || (count > 0 && ops == NULL))
        return -EINVAL;
    for (int i = 0; i < count; i++) {
        if (!op_is_valid(&ops[i], max_requests)) {
            *bad = i;
            return -EINVAL;
        }
    }
    return 0;
}

/* Atomic byte accesses: some engines read a state without the lock. */
static uint8_t *state_of(uint8_t *state0, size_t stride, int32_t slot)
{
    return state0 + (size_t)slot * stride;
}

int caio_batch_claim(uint8_t *state0, size_t stride, const caio_op_t *ops, int count,
                     uint8_t claimed, int *bad)
{
    for (int i = 0; i < count; i++) {
        uint8_t *st = state_of(state0, stride, ops[i].slot);
        if (__atomic_load_n(st, __ATOMIC_RELAXED) != 0) {
            for (int j = 0; j < i; j++)
                __atomic_store_n(state_of(state0, stride, ops[j].slot), 0, __ATOMIC_RELAXED);
            *bad = i;
            return -EBUSY;
        }
        __atomic_store_n(st, claimed, __ATOMIC_RELAXED);
    }
    return 0;
}
