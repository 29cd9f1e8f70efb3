/*
 * caio_engine_jni.c - the JNI face shared by every native engine: the natives
 * version, create, submit, reap, cancel, shutdown and destroy, bound to the
 * backend's Java class (see caio_backend.h) in JNI_OnLoad, plus its extras.
 *
 * Java bugs must surface as exceptions, never as a JVM crash, so every
 * argument is validated here before an engine touches memory, and a batch is
 * checked completely before any of it is queued (all-or-nothing).
 * RegisterNatives keeps JNI_OnLoad/JNI_OnUnload the only exported symbols.
 */
#define _GNU_SOURCE
#include "caio_backend.h"
#include "caio_alloc.h"
#include "caio_file_jni.h"
#include "caio_head.h"
#include "caio_jni.h"

#include <stdbool.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef CAIO_NATIVE_VERSION
#error "CAIO_NATIVE_VERSION must be defined by the build (see native.mk)"
#endif

#define PARAMS_PER_OP 5
/* In an op's kind: same fd as the previous op, whose fds entry is null
 * (NativeContext.SAME_FD). */
#define KIND_SAME_FD (1 << 8)
/* In an op's kind: its descriptor takes positional I/O
 * (NativeContext.POSITIONAL, CAIO_OP_F_POSITIONAL). */
#define KIND_POSITIONAL (1 << 9)
/* Batches up to this size need no heap allocation on the submit path. */
#define STACK_OPS 64
/* Completions moved per reap call; bounds the C stack buffer so no engine
 * lock is held while copying into the Java array. */
#define REAP_BATCH 256

#define UNUSED __attribute__((unused))
#define OPS (caio_backend.ops)

caio_engine_t *caio_backend_enter(JNIEnv *env, jlong handle)
{
    if (handle == 0) {
        caio_throw(env, CAIO_ISE, "%s handle is 0 (not created or already destroyed)", OPS->name);
        return NULL;
    }
    caio_engine_t *engine = (caio_engine_t *)(intptr_t)handle;
    if (caio_head_enter(caio_head_of(engine), OPS->magic) != 0) {
        caio_throw(env, CAIO_ISE, "stale or invalid %s handle 0x%llx", OPS->name,
                   (unsigned long long)handle);
        return NULL;
    }
    return engine;
}

void caio_backend_leave(caio_engine_t *engine)
{
    caio_head_leave(caio_head_of(engine));
}

static int engine_slots(caio_engine_t *engine)
{
    return caio_head_of(engine)->max_requests;
}

static jstring JNICALL e_version(JNIEnv *env, UNUSED jclass cls)
{
    return (*env)->NewStringUTF(env, CAIO_NATIVE_VERSION);
}

static jlong JNICALL e_create(JNIEnv *env, UNUSED jclass cls, jint maxRequests, jint option)
{
    if (maxRequests < 1 || maxRequests > CAIO_ENGINE_MAX_REQUESTS) {
        caio_throw(env, CAIO_IAE, "maxRequests %d not in [1, %d]", (int)maxRequests,
                   CAIO_ENGINE_MAX_REQUESTS);
        return 0;
    }
    int err = 0;
    const char *what = NULL;
    caio_engine_t *engine = OPS->create(maxRequests, option, &err, &what);
    if (engine == NULL) {
        if (err == EINVAL && what != NULL)
            caio_throw(env, CAIO_IAE, "%s: %s", OPS->name, what);
        else
            caio_throw_errno(env, what != NULL ? what : OPS->name, err != 0 ? err : ENOMEM);
        return 0;
    }
    return (jlong)(intptr_t)engine;
}

/* Fills *op from element i of the batch, whose params are p (ops[i - 1]
 * already filled, for KIND_SAME_FD).  Returns 0, or -1 with
 * IllegalArgumentException pending.  The local refs it makes are dropped
 * with the caller's local frame, not one by one. */
static int read_op(JNIEnv *env, int max_requests, jobjectArray fds, jobjectArray buffers,
                   const jlong *p, jint i, caio_op_t *op)
{
    jlong slot = p[0], kind = p[1] & ~(jlong)(KIND_SAME_FD | KIND_POSITIONAL), offset = p[2], index = p[3];
    jlong length = p[4];
    bool same_fd = (p[1] & KIND_SAME_FD) != 0;
    if (slot < 0 || slot >= max_requests) {
        caio_throw(env, CAIO_IAE, "op %d: slot %lld not in [0, %d)", (int)i,
                   (long long)slot, max_requests);
        return -1;
    }
    if (kind < CAIO_OP_READ || kind > CAIO_OP_FDSYNC) {
        caio_throw(env, CAIO_IAE, "op %d: unknown kind %lld", (int)i, (long long)kind);
        return -1;
    }
    if (offset < 0 || index < 0 || length < 0 || length > INT64_MAX - offset) {
        caio_throw(env, CAIO_IAE,
                   "op %d: invalid fileOffset %lld / bufferIndex %lld / length %lld",
                   (int)i, (long long)offset, (long long)index, (long long)length);
        return -1;
    }

    int fd;
    if (same_fd) {
        if (i == 0) {
            caio_throw(env, CAIO_IAE, "op 0: marked as using the previous op's fd");
            return -1;
        }
        fd = op[-1].fd;
    } else {
        jobject fdo = (*env)->GetObjectArrayElement(env, fds, i);
        bool is_fd = caio_is_file_descriptor(env, fdo);
        fd = is_fd ? caio_fd_of(env, fdo) : -1;
        if (!is_fd) {
            caio_throw(env, CAIO_IAE, "op %d: fds[%d] is null or not a java.io.FileDescriptor",
                       (int)i, (int)i);
            return -1;
        }
    }

    jobject buf = (*env)->GetObjectArrayElement(env, buffers, i);
    void *addr = NULL;
    int bad_buffer;
    if (buf == NULL)
        bad_buffer = length != 0 && (kind == CAIO_OP_READ || kind == CAIO_OP_WRITE);
    else
        bad_buffer = caio_buffer_range(env, buf, index, length, &addr) != 0;
    if (bad_buffer) {
        caio_throw(env, CAIO_IAE,
                   "op %d: buffer is null, not direct, or [%lld, +%lld) exceeds its capacity",
                   (int)i, (long long)index, (long long)length);
        return -1;
    }

    op->slot = (int32_t)slot;
    op->kind = (int32_t)kind;
    op->fd = fd;
    op->offset = offset;
    op->addr = addr;
    op->len = (size_t)length;
    op->flags = (p[1] & KIND_POSITIONAL) != 0 ? CAIO_OP_F_POSITIONAL : 0;
    return 0;
}

/* Copies n completions into out as (slot, result) pairs. */
static void store_pairs(JNIEnv *env, jlongArray out, const caio_completion_t *comp, int n)
{
    jlong flat[2 * REAP_BATCH];
    for (int i = 0; i < n; i++) {
        flat[2 * i] = comp[i].slot;
        flat[2 * i + 1] = comp[i].result;
    }
    (*env)->SetLongArrayRegion(env, out, 0, 2 * n, flat);
}

/* Checks that the arrays hold count ops and count fits the engine.
 * Returns 0, or -1 with IllegalArgumentException pending. */
static int check_batch(JNIEnv *env, int max_requests, jobjectArray fds, jobjectArray buffers,
                       jlongArray params, jint count)
{
    if (fds == NULL || buffers == NULL || params == NULL) {
        caio_throw(env, CAIO_IAE, "fds, buffers and params must not be null");
        return -1;
    }
    jsize nfds = (*env)->GetArrayLength(env, fds);
    jsize nbufs = (*env)->GetArrayLength(env, buffers);
    jsize nparams = (*env)->GetArrayLength(env, params);
    if (count < 0 || count > nfds || count > nbufs || count > nparams / PARAMS_PER_OP) {
        caio_throw(env, CAIO_IAE, "count %d does not fit fds[%d], buffers[%d], params[%d]",
                   (int)count, (int)nfds, (int)nbufs, (int)nparams);
        return -1;
    }
    /* More ops than slots must repeat a slot; rejecting early also bounds
     * the caller's allocation. */
    if (count > max_requests) {
        caio_throw(env, CAIO_IAE, "count %d exceeds maxRequests %d", (int)count, max_requests);
        return -1;
    }
    return 0;
}

/* Reads and validates count ops into ops.  All params in one crossing: a
 * batch's worth, in chunks of STACK_OPS.  Each chunk's local refs (a buffer
 * per op, an fd per new file) live in one local frame, popped at its end:
 * cheaper than deleting each.  Returns 0, or -1 with an exception pending. */
static int read_batch(JNIEnv *env, int max_requests, jobjectArray fds, jobjectArray buffers,
                      jlongArray params, jint count, caio_op_t *ops)
{
    jlong p[STACK_OPS * PARAMS_PER_OP];
    for (jint i = 0; i < count; i += STACK_OPS) {
        jint n = count - i < STACK_OPS ? count - i : STACK_OPS;
        (*env)->GetLongArrayRegion(env, params, i * PARAMS_PER_OP, n * PARAMS_PER_OP, p);
        if ((*env)->ExceptionCheck(env) || (*env)->PushLocalFrame(env, 2 * n) != 0)
            return -1;
        int failed = 0;
        for (jint j = 0; j < n && !failed; j++)
            failed = read_op(env, max_requests, fds, buffers, &p[j * PARAMS_PER_OP], i + j, &ops[i + j]);
        (*env)->PopLocalFrame(env, NULL);
        if (failed)
            return -1;
    }
    return 0;
}

/* Hands the ops to the engine, collecting completions already done when
 * `completions` is not null.  Returns their number, or 0 with an exception
 * pending when the engine refused the batch. */
static jint submit_batch(JNIEnv *env, caio_engine_t *engine, const caio_op_t *ops, jint count,
                         jlongArray completions)
{
    jsize pairs = completions == NULL ? 0 : (*env)->GetArrayLength(env, completions) / 2;
    int max = pairs < REAP_BATCH ? (int)pairs : REAP_BATCH;
    caio_completion_t comp[REAP_BATCH];
    int bad = -1;
    int rc;
    if (max == 0)
        rc = OPS->submit(engine, ops, count, &bad);
    else
        rc = OPS->submit_collect(engine, ops, count, &bad, comp, max);
    if (rc >= 0) {
        if (rc > 0)
            store_pairs(env, completions, comp, rc);
        return rc;
    }
    if (rc == -ESHUTDOWN)
        caio_throw(env, CAIO_ISE, "%s is shut down", OPS->name);
    else if (rc == -EBUSY)
        caio_throw(env, CAIO_IAE, "op %d: slot %d is still in use or repeated in the batch",
                   bad, bad >= 0 ? (int)ops[bad].slot : -1);
    else
        caio_throw(env, CAIO_IAE, "op %d: rejected by the %s (%d)", bad, OPS->name, rc);
    return 0;
}

/* Returns how many completions were stored in `completions` (null: none
 * are collected, and they all go to the completion thread). */
static jint JNICALL e_submit(JNIEnv *env, UNUSED jclass cls, jlong handle,
                             jobjectArray fds, jobjectArray buffers,
                             jlongArray params, jint count, jlongArray completions)
{
    caio_engine_t *engine = caio_backend_enter(env, handle);
    if (engine == NULL)
        return 0;
    caio_op_t stack_ops[STACK_OPS];
    caio_op_t *ops = stack_ops;
    jint result = 0;
    int max = engine_slots(engine);
    if (check_batch(env, max, fds, buffers, params, count) != 0)
        goto out;
    if (count > STACK_OPS) {
        ops = caio_malloc((size_t)count * sizeof(*ops));
        if (ops == NULL) {
            ops = stack_ops;
            caio_throw(env, CAIO_OOME, "cannot allocate a batch of %d operations", (int)count);
            goto out;
        }
    }
    if (read_batch(env, max, fds, buffers, params, count, ops) == 0)
        result = submit_batch(env, engine, ops, count, completions);
out:
    if (ops != stack_ops)
        caio_free(ops);
    caio_backend_leave(engine);
    return result;
}

static jint JNICALL e_reap(JNIEnv *env, UNUSED jclass cls, jlong handle, jlongArray out)
{
    caio_engine_t *engine = caio_backend_enter(env, handle);
    if (engine == NULL)
        return 0;
    jint result = 0;
    jsize pairs = out == NULL ? 0 : (*env)->GetArrayLength(env, out) / 2;
    if (pairs < 1) {
        caio_throw(env, CAIO_IAE, "out must hold at least one (slot, result) pair");
        goto done;
    }
    caio_completion_t comp[REAP_BATCH];
    int max = pairs < REAP_BATCH ? (int)pairs : REAP_BATCH;
    int n = OPS->reap(engine, comp, max);
    if (n < 0) {
        result = -1;
        goto done;
    }
    store_pairs(env, out, comp, n);
    result = n;
done:
    caio_backend_leave(engine);
    return result;
}

static jboolean JNICALL e_cancel(JNIEnv *env, UNUSED jclass cls, jlong handle, jint slot)
{
    caio_engine_t *engine = caio_backend_enter(env, handle);
    if (engine == NULL)
        return JNI_FALSE;
    int rc = OPS->cancel(engine, slot);
    if (rc < 0)
        caio_throw(env, CAIO_IAE, "slot %d not in [0, %d)", (int)slot, engine_slots(engine));
    caio_backend_leave(engine);
    return rc == 1 ? JNI_TRUE : JNI_FALSE;
}

static void JNICALL e_shutdown(JNIEnv *env, UNUSED jclass cls, jlong handle)
{
    caio_engine_t *engine = caio_backend_enter(env, handle);
    if (engine == NULL)
        return;
    OPS->shutdown(engine);
    caio_backend_leave(engine);
}

static void JNICALL e_destroy(JNIEnv *env, UNUSED jclass cls, jlong handle)
{
    if (handle == 0) {
        caio_throw(env, CAIO_ISE, "%s handle is 0", OPS->name);
        return;
    }
    if (OPS->destroy((caio_engine_t *)(intptr_t)handle) != 0)
        caio_throw(env, CAIO_ISE, "stale or invalid %s handle 0x%llx", OPS->name,
                   (unsigned long long)handle);
}

/* The numbers the Java side must agree on, in NativeContext.LAYOUT's form;
 * compared once per engine before its first context, so a mismatch is a
 * clear load failure rather than misread operations. */
static jstring JNICALL e_layout(JNIEnv *env, UNUSED jclass cls)
{
    char text[256];
    snprintf(text, sizeof(text),
             "params=%d kinds=%d,%d,%d,%d same_fd=%d positional=%d misaligned=%d max_requests=%d",
             PARAMS_PER_OP, CAIO_OP_READ, CAIO_OP_WRITE, CAIO_OP_FSYNC, CAIO_OP_FDSYNC, KIND_SAME_FD,
             KIND_POSITIONAL, CAIO_E_MISALIGNED, CAIO_ENGINE_MAX_REQUESTS);
    return (*env)->NewStringUTF(env, text);
}

/* Native memory this library holds (caio_alloc.h): a leak shows as growth. */
static jlong JNICALL e_allocated(UNUSED JNIEnv *env, UNUSED jclass cls)
{
    return (jlong)caio_alloc_bytes();
}

static const JNINativeMethod methods[] = {
    {"version", "()Ljava/lang/String;", (void *)e_version},
    {"create", "(II)J", (void *)e_create},
    {"submit", "(J[Ljava/lang/Object;[Ljava/lang/Object;[JI[J)I", (void *)e_submit},
    {"reap", "(J[J)I", (void *)e_reap},
    {"cancel", "(JI)Z", (void *)e_cancel},
    {"shutdown", "(J)V", (void *)e_shutdown},
    {"destroy", "(J)V", (void *)e_destroy},
    {"allocated", "()J", (void *)e_allocated},
    {"layout", "()Ljava/lang/String;", (void *)e_layout},
};

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, UNUSED void *reserved)
{
    JNIEnv *env = NULL;
    if ((*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_1_8) != JNI_OK)
        return JNI_ERR;
    /* On failure the pending exception (e.g. NoClassDefFoundError) is left
     * in place: it explains the failure better than "unsupported JNI
     * version" would. */
    if (caio_jni_init(env) != 0)
        return JNI_ERR;
    if (caio_register(env, caio_backend.java_class, methods, CAIO_ARRAY_LEN(methods)) != 0
        || caio_register_file_natives(env) != 0
        || (caio_backend.extra_count > 0
            && caio_register(env, caio_backend.java_class, caio_backend.extra,
                             caio_backend.extra_count) != 0)) {
        caio_jni_release(env);
        return JNI_ERR;
    }
    return JNI_VERSION_1_8;
}

JNIEXPORT void JNICALL JNI_OnUnload(JavaVM *vm, UNUSED void *reserved)
{
    JNIEnv *env = NULL;
    if ((*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_1_8) == JNI_OK)
        caio_jni_release(env);
}
