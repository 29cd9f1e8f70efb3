/*
 * test_uring_fixed.c - the optional features: the registered staging arena
 * (READ_FIXED/WRITE_FIXED inside it, plain ops outside, freed with the
 * engine) and the silent fallbacks when SQPOLL or the registration is
 * refused (test seams, since root is never refused).
 */
#define _GNU_SOURCE
#include "test_support.h"
#include "caio_alloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void test_sqpoll_refused(void)
{
    caio_uring_inject_failure(1, EPERM);
    caio_uring_t *e = new_engine(8, CAIO_URING_OPT_SQPOLL);
    caio_uring_inject_failure(1, 0);
    caio_uring_stats_t st;
    caio_uring_stats(e, &st);
    CHECK(!st.sqpoll, "SQPOLL refused with EPERM must fall back to a plain ring");
    finish(e);
}

void test_registered_buffers(void)
{
    int64_t before = caio_alloc_bytes();
    caio_uring_t *e = new_engine(8, CAIO_URING_OPT_REG_BUFFERS);
    size_t len, slot, stride;
    unsigned char *arena = caio_uring_arena(e, &len, &slot, &stride);
    CHECK(arena != NULL && ((uintptr_t)arena & 4095) == 0, "page-aligned arena %p", (void *)arena);
    CHECK(slot == 64 * 1024 && stride == slot + 4096 && len == 8 * stride,
          "8 slots of 64 KiB, a page apart: len %zu slot %zu stride %zu", len, slot, stride);
    char f[256];
    caio_uring_features(e, f, sizeof(f));
    CHECK(strstr(f, "reg_buffers=on(8x65536)") != NULL, "%s", f);
    if (arena == NULL) {
        finish(e);
        return;
    }
    int fd = temp_file();
    /* Fixed write from slot 0 (at the very end of its share and of the
     * arena too, for slot 7), plain write from malloc'd memory. */
    for (size_t i = 0; i < slot; i++)
        arena[i] = pattern((int64_t)i);
    for (size_t i = 0; i < 4096; i++)
        arena[len - 4096 + i] = pattern((int64_t)(slot + i));
    unsigned char *plain = malloc(4096);
    for (size_t i = 0; i < 4096; i++)
        plain[i] = pattern((int64_t)(slot + 4096 + i));
    caio_op_t w[3] = {
        op(0, CAIO_OP_WRITE, fd, 0, arena, slot),
        op(7, CAIO_OP_WRITE, fd, (int64_t)slot, arena + len - 4096, 4096),
        op(3, CAIO_OP_WRITE, fd, (int64_t)slot + 4096, plain, 4096),
    };
    int64_t res[8] = {0};
    submit_ok(e, w, 3);
    collect(e, 3, res, NULL);
    CHECK(res[0] == (int64_t)slot && res[7] == 4096 && res[3] == 4096, "writes %lld %lld %lld",
          (long long)res[0], (long long)res[7], (long long)res[3]);
    /* Fixed read back into slot 1's share, everything at once. */
    memset(arena + stride, 0, slot);
    caio_op_t r = op(1, CAIO_OP_READ, fd, 0, arena + stride, slot);
    submit_ok(e, &r, 1);
    collect(e, 1, res, NULL);
    CHECK(res[1] == (int64_t)slot && memcmp(arena + stride, arena, slot) == 0, "fixed read %lld",
          (long long)res[1]);
    memset(plain, 0, 4096);
    caio_op_t r2 = op(2, CAIO_OP_READ, fd, (int64_t)slot, plain, 4096);
    submit_ok(e, &r2, 1);
    collect(e, 1, res, NULL);
    CHECK(res[2] == 4096 && memcmp(plain, arena + len - 4096, 4096) == 0, "plain read %lld",
          (long long)res[2]);
    free(plain);
    close(fd);
    finish(e);
    CHECK(caio_alloc_bytes() == before, "arena freed: %lld bytes left",
          (long long)(caio_alloc_bytes() - before));

    /* Many slots: the slot shrinks, then the count is cut, within 4 MiB. */
    e = new_engine(100000, CAIO_URING_OPT_REG_BUFFERS);
    arena = caio_uring_arena(e, &len, &slot, &stride);
    CHECK(arena != NULL && slot == 4096 && stride == 4096 && len == 4u << 20, "len %zu slot %zu",
          len, slot);
    finish(e);
}

void test_registered_buffers_refused(void)
{
    int64_t before = caio_alloc_bytes();
    caio_uring_inject_failure(2, ENOMEM);
    caio_uring_t *e = new_engine(8, CAIO_URING_OPT_REG_BUFFERS);
    caio_uring_inject_failure(2, 0);
    size_t len, slot, stride;
    CHECK(caio_uring_arena(e, &len, &slot, &stride) == NULL && len == 0, "no arena after a refusal");
    char f[256];
    caio_uring_features(e, f, sizeof(f));
    CHECK(strstr(f, "reg_buffers=refused(ENOMEM)") != NULL, "%s", f);
    int fd = temp_file();
    unsigned char buf[16] = "still works";
    caio_op_t w = op(0, CAIO_OP_WRITE, fd, 0, buf, sizeof(buf));
    int64_t res[8] = {0};
    submit_ok(e, &w, 1);
    collect(e, 1, res, NULL);
    CHECK(res[0] == (int64_t)sizeof(buf), "write %lld", (long long)res[0]);
    close(fd);
    finish(e);
    CHECK(caio_alloc_bytes() == before, "%lld bytes left", (long long)(caio_alloc_bytes() - before));
}
