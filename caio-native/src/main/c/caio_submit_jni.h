/*
 * caio_submit_jni.h - JniEngine.submit (caio_submit_jni.c) and what it
 * shares with the rest of the JNI face.  The packing of a batch is
 * NativeLayout's on the Java side.
 */
#ifndef CAIO_SUBMIT_JNI_H_
#define CAIO_SUBMIT_JNI_H_

#include "caio_engine.h"
#include <jni.h>
#include <stdint.h>

/* Longs per op in params: slot, kind, file offset, buffer index, length. */
#define PARAMS_PER_OP 5
/* In an op's kind: same fd as the previous op, whose fds entry is null
 * (NativeContext.SAME_FD). */
#define KIND_SAME_FD (1 << 8)
/* In an op's kind: its descriptor takes positional I/O
 * (NativeContext.POSITIONAL, CAIO_OP_F_POSITIONAL). */
#define KIND_POSITIONAL (1 << 9)
/* In an op's kind: its submitter waits in user space (NativeContext.DETACHED,
 * CAIO_OP_F_DETACHED). */
#define KIND_DETACHED (1 << 10)
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

/* JniEngine.submitOne0's answer: no completion, or one packed as
 * result * 2^CAIO_ONE_SLOT_BITS + slot (NativeLayout.packOne); a slot is
 * below CAIO_ENGINE_MAX_REQUESTS = 2^20 and a result in [-4097, 2^31). */
#define CAIO_ONE_NONE INT64_MIN
#define CAIO_ONE_SLOT_BITS 20
#define CAIO_ONE_PACK(slot, result) ((int64_t)(result) * ((int64_t)1 << CAIO_ONE_SLOT_BITS) + (slot))

/* The native of JniEngine.submitOne0: one op without arrays (see
 * caio_submit_jni.c). */
jlong JNICALL caio_jni_submit_one(JNIEnv *env, jclass cls, jlong jface, jlong handle, jobject fd,
                                  jobject buffer, jlong slot, jlong kind, jlong offset, jlong index,
                                  jlong length, jboolean collect);

/* Copies n (at most REAP_BATCH) completions into out as (slot, result)
 * pairs. */
void caio_jni_store_pairs(JNIEnv *env, jlongArray out, const caio_completion_t *comp, int n);

#endif /* CAIO_SUBMIT_JNI_H_ */
