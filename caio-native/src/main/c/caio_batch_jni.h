/*
 * caio_batch_jni.h - reading a Java batch (the fds, buffers and params
 * arrays of JniEngine.submit) into validated caio_op_t, all of it before
 * any is queued.  The packing is NativeLayout's on the Java side.
 */
#ifndef CAIO_BATCH_JNI_H_
#define CAIO_BATCH_JNI_H_

#include "caio_engine.h"
#include <jni.h>

/* Longs per op in params: slot, kind, file offset, buffer index, length. */
#define PARAMS_PER_OP 5
/* In an op's kind: same fd as the previous op, whose fds entry is null
 * (NativeContext.SAME_FD). */
#define KIND_SAME_FD (1 << 8)
/* In an op's kind: its descriptor takes positional I/O
 * (NativeContext.POSITIONAL, CAIO_OP_F_POSITIONAL). */
#define KIND_POSITIONAL (1 << 9)
/* Batches up to this size need no heap allocation on the submit path. */
#define STACK_OPS 64

/* Checks that the arrays hold count ops and count fits max_requests.
 * Returns 0, or -1 with IllegalArgumentException pending. */
int caio_jni_check_batch(JNIEnv *env, int max_requests, jobjectArray fds, jobjectArray buffers,
                         jlongArray params, jint count);

/* Reads and validates count ops into ops.  Returns 0, or -1 with an
 * exception pending. */
int caio_jni_read_batch(JNIEnv *env, int max_requests, jobjectArray fds, jobjectArray buffers,
                        jlongArray params, jint count, caio_op_t *ops);

#endif /* CAIO_BATCH_JNI_H_ */
