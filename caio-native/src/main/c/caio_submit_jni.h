/*
 * caio_submit_jni.h - JniEngine.submit (caio_submit_jni.c) and what it
 * shares with the rest of the JNI face.  The packing of a batch is
 * NativeLayout's on the Java side.
 */
#ifndef CAIO_SUBMIT_JNI_H_
#define CAIO_SUBMIT_JNI_H_

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
/* Completions moved per call; bounds the C stack buffer so no engine lock
 * is held while copying into the Java array. */
#define REAP_BATCH 256

/* The native of JniEngine.submit0: returns how many completions were
 * stored in `completions` (null: none are collected, and they all go to
 * the completion thread). */
jint JNICALL caio_jni_submit(JNIEnv *env, jclass cls, jlong jface, jlong handle, jobjectArray fds,
                             jobjectArray buffers, jlongArray params, jint count, jlongArray completions);

/* Copies n (at most REAP_BATCH) completions into out as (slot, result)
 * pairs. */
void caio_jni_store_pairs(JNIEnv *env, jlongArray out, const caio_completion_t *comp, int n);

#endif /* CAIO_SUBMIT_JNI_H_ */
