/*
 * caio_thread_backend.c - binds the pthread pool (caio_thread_ops) to the
 * shared JNI face as dev.caio.thread.ThreadPoolNative.  create's option: the
 * pool size in the low 16 bits, bit 16 for inline page-cache reads
 * (CAIO_POOL_INLINE_READS).  The pool has no natives of its own.
 */
#include "caio_backend.h"
#include "caio_thread_pool.h"

const caio_backend_t caio_backend = {
    .java_class = "dev/caio/thread/ThreadPoolNative",
    .ops = &caio_thread_ops,
    .extra = NULL,
    .extra_count = 0,
};
