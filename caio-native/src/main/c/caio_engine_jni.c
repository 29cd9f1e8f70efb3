/*
 * caio_engine_jni.c - the JNI face shared by every native engine, the static
 * natives of dev.caio.internal.natives.JniEngine: create, submit and
 * submitOne (in caio_submit_jni.c), reap, cancel, shutdown, destroy, features, arena, each
 * taking the face of the engine's library first (caio_face.h), and
 * allocated, layout.
 *
 * Java bugs must surface as exceptions, never as a JVM crash, so every
 * argument is validated here before an engine touches memory, and a batch is
 * checked completely before any of it is queued (all-or-nothing).
 */
#define _GNU_SOURCE
#include "caio_submit_jni.h"
#include "caio_face.h"
#include "caio_head.h"
#include "caio_jni.h"
#include "caio_now_jni.h"

#include <stdbool.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>


#define UNUSED __attribute__((unused))
#define JNI_ENGINE_CLASS "dev/caio/internal/natives/JniEngine"

/* The ops of a library's face, or NULL with IllegalStateException pending
 * when jface is not one (only JniEngine passes it, from a bind). */
static const caio_engine_ops_t *ops_of(JNIEnv *env, jlong jface)
{
    const caio_face_t *face = (const caio_face_t *)(intptr_t)jface;
    if (face == NULL || face->magic != CAIO_FACE_MAGIC) {
        caio_throw(env, CAIO_ISE, "not a caio library face: 0x%llx", (unsigned long long)jface);
        return NULL;
    }
    return face->backend->ops;
}

caio_engine_t *caio_engine_enter(JNIEnv *env, const caio_engine_ops_t *ops, jlong handle)
{
    if (handle == 0) {
        caio_throw(env, CAIO_ISE, "%s handle is 0 (not created or already destroyed)", ops->name);
        return NULL;
    }
    caio_engine_t *engine = (caio_engine_t *)(intptr_t)handle;
    if (caio_head_enter(caio_head_of(engine), ops->magic) != 0) {
        caio_throw(env, CAIO_ISE, "stale or invalid %s handle 0x%llx", ops->name,
                   (unsigned long long)handle);
        return NULL;
    }
    return engine;
}

void caio_engine_leave(caio_engine_t *engine)
{
    caio_head_leave(caio_head_of(engine));
}

caio_engine_t *caio_face_enter(JNIEnv *env, jlong jface, jlong handle, const caio_engine_ops_t **ops)
{
    *ops = ops_of(env, jface);
    return *ops == NULL ? NULL : caio_engine_enter(env, *ops, handle);
}

static jlong JNICALL e_create(JNIEnv *env, UNUSED jclass cls, jlong jface, jint maxRequests, jint option)
{
    const caio_engine_ops_t *ops = ops_of(env, jface);
    if (ops == NULL)
        return 0;
    if (maxRequests < 1 || maxRequests > CAIO_ENGINE_MAX_REQUESTS) {
        caio_throw(env, CAIO_IAE, "maxRequests %d not in [1, %d]", (int)maxRequests,
                   CAIO_ENGINE_MAX_REQUESTS);
        return 0;
    }
    int err = 0;
    const char *what = NULL;
    caio_engine_t *engine = ops->create(maxRequests, option, &err, &what);
    if (engine == NULL) {
        if (err == EINVAL && what != NULL)
            caio_throw(env, CAIO_IAE, "%s: %s", ops->name, what);
        else
            caio_throw_errno(env, what != NULL ? what : ops->name, err != 0 ? err : ENOMEM);
        return 0;
    }
    return (jlong)(intptr_t)engine;
}

/* How many (slot, result) pairs out takes, at most REAP_BATCH; 0 with an
 * IllegalArgumentException pending when it has no room for one. */
static int pairs_room(JNIEnv *env, jlongArray out)
{
    jsize pairs = out == NULL ? 0 : (*env)->GetArrayLength(env, out) / 2;
    if (pairs < 1) {
        caio_throw(env, CAIO_IAE, "out must hold at least one (slot, result) pair");
        return 0;
    }
    return pairs < REAP_BATCH ? (int)pairs : REAP_BATCH;
}

/* reap, or (await) await on slot: the completions go into out as pairs.
 * reap answers -1 after shutdown; await answers -EOPNOTSUPP for an engine
 * without it, so that Java stops asking, and 0 when it did not wait. */
static jint take_pairs(JNIEnv *env, jlong jface, jlong handle, jint slot, jlongArray out, bool await)
{
    const caio_engine_ops_t *ops;
    caio_engine_t *engine = caio_face_enter(env, jface, handle, &ops);
    if (engine == NULL)
        return 0;
    jint result = 0;
    int max = pairs_room(env, out);
    if (max > 0 && await && ops->await == NULL) {
        result = -EOPNOTSUPP;
    } else if (max > 0) {
        caio_completion_t comp[REAP_BATCH];
        int n = await ? ops->await(engine, slot, comp, max) : ops->reap(engine, comp, max);
        if (await && n == -EINVAL)
            caio_throw(env, CAIO_IAE, "slot %d not in [0, %d)", (int)slot, caio_head_of(engine)->max_requests);
        else if (n > 0)
            caio_jni_store_pairs(env, out, comp, n);
        result = n >= 0 ? n : await ? 0 : -1;
    }
    caio_engine_leave(engine);
    return result;
}

static jint JNICALL e_reap(JNIEnv *env, UNUSED jclass cls, jlong jface, jlong handle, jlongArray out)
{
    return take_pairs(env, jface, handle, 0, out, false);
}

static jint JNICALL e_await(JNIEnv *env, UNUSED jclass cls, jlong jface, jlong handle, jint slot, jlongArray out)
{
    return take_pairs(env, jface, handle, slot, out, true);
}

static jboolean JNICALL e_cancel(JNIEnv *env, UNUSED jclass cls, jlong jface, jlong handle, jint slot)
{
    const caio_engine_ops_t *ops;
    caio_engine_t *engine = caio_face_enter(env, jface, handle, &ops);
    if (engine == NULL)
        return JNI_FALSE;
    int rc = ops->cancel(engine, slot);
    if (rc < 0)
        caio_throw(env, CAIO_IAE, "slot %d not in [0, %d)", (int)slot, caio_head_of(engine)->max_requests);
    caio_engine_leave(engine);
    return rc == 1 ? JNI_TRUE : JNI_FALSE;
}

static void JNICALL e_shutdown(JNIEnv *env, UNUSED jclass cls, jlong jface, jlong handle)
{
    const caio_engine_ops_t *ops;
    caio_engine_t *engine = caio_face_enter(env, jface, handle, &ops);
    if (engine == NULL)
        return;
    ops->shutdown(engine);
    caio_engine_leave(engine);
}

static void JNICALL e_destroy(JNIEnv *env, UNUSED jclass cls, jlong jface, jlong handle)
{
    const caio_engine_ops_t *ops = ops_of(env, jface);
    if (ops == NULL)
        return;
    if (handle == 0) {
        caio_throw(env, CAIO_ISE, "%s handle is 0", ops->name);
        return;
    }
    if (ops->destroy((caio_engine_t *)(intptr_t)handle) != 0)
        caio_throw(env, CAIO_ISE, "stale or invalid %s handle 0x%llx", ops->name,
                   (unsigned long long)handle);
}

/* The engine's features, "" when it has none to tell. */
static jstring JNICALL e_features(JNIEnv *env, UNUSED jclass cls, jlong jface, jlong handle)
{
    const caio_engine_ops_t *ops;
    caio_engine_t *engine = caio_face_enter(env, jface, handle, &ops);
    if (engine == NULL)
        return NULL;
    char buf[256] = "";
    if (ops->features != NULL)
        ops->features(engine, buf, sizeof(buf));
    caio_engine_leave(engine);
    return (*env)->NewStringUTF(env, buf);
}

/* Where the engine's arena is: its address (NULL without one), *len and
 * *layout, (stride << 32) | share size.  Pins the engine meanwhile. */
static void *arena_of(JNIEnv *env, jlong jface, jlong handle, size_t *len, jlong *layout)
{
    const caio_engine_ops_t *ops;
    caio_engine_t *engine = caio_face_enter(env, jface, handle, &ops);
    if (engine == NULL)
        return NULL;
    size_t slot = 0, stride = 0;
    void *arena = ops->arena == NULL ? NULL : ops->arena(engine, len, &slot, &stride);
    caio_engine_leave(engine);
    *layout = arena == NULL ? 0 : (jlong)(((uint64_t)stride << 32) | slot);
    return arena;
}

/* A direct ByteBuffer over the engine's arena, or null without one.  It
 * does not own the memory: the Java context keeps it only while the engine
 * lives and never touches it after destroy (see NativeContext). */
static jobject JNICALL e_arena(JNIEnv *env, UNUSED jclass cls, jlong jface, jlong handle)
{
    size_t len = 0;
    jlong layout;
    void *arena = arena_of(env, jface, handle, &len, &layout);
    return arena == NULL ? NULL : (*env)->NewDirectByteBuffer(env, arena, (jlong)len);
}

/* The arena's layout, (stride << 32) | share size; 0 without one. */
static jlong JNICALL e_arena_layout(JNIEnv *env, UNUSED jclass cls, jlong jface, jlong handle)
{
    size_t len = 0;
    jlong layout = 0;
    (void)arena_of(env, jface, handle, &len, &layout);
    return layout;
}

/* The numbers the Java side must agree on, in NativeContext.LAYOUT's form;
 * compared once per engine before its first context, so a mismatch is a
 * clear load failure rather than misread operations. */
static jstring JNICALL e_layout(JNIEnv *env, UNUSED jclass cls)
{
    char text[256];
    snprintf(text, sizeof(text),
             "params=%d kinds=%d,%d,%d,%d same_fd=%d positional=%d detached=%d misaligned=%d max_requests=%d "
             "one_slot_bits=%d",
             PARAMS_PER_OP, CAIO_OP_READ, CAIO_OP_WRITE, CAIO_OP_FSYNC, CAIO_OP_FDSYNC, KIND_SAME_FD,
             KIND_POSITIONAL, KIND_DETACHED, CAIO_E_MISALIGNED, CAIO_ENGINE_MAX_REQUESTS, CAIO_ONE_SLOT_BITS);
    return (*env)->NewStringUTF(env, text);
}

/* Native memory the face's library holds (caio_alloc.h): a leak shows as
 * growth. */
static jlong JNICALL e_allocated(JNIEnv *env, UNUSED jclass cls, jlong jface)
{
    if (ops_of(env, jface) == NULL)
        return 0;
    return (jlong)((const caio_face_t *)(intptr_t)jface)->allocated();
}

static const JNINativeMethod methods[] = {
    {"create0", "(JII)J", (void *)e_create},
    {"submit0", "(JJ[Ljava/lang/Object;[Ljava/lang/Object;[JI[J)I", (void *)caio_jni_submit},
    {"submitOne0", "(JJLjava/io/FileDescriptor;Ljava/lang/Object;JJJJJZ)J", (void *)caio_jni_submit_one},
    {"reap0", "(JJ[J)I", (void *)e_reap},
    {"await0", "(JJI[J)I", (void *)e_await},
    {"cancel0", "(JJI)Z", (void *)e_cancel},
    {"shutdown0", "(JJ)V", (void *)e_shutdown},
    {"destroy0", "(JJ)V", (void *)e_destroy},
    {"features0", "(JJ)Ljava/lang/String;", (void *)e_features},
    {"arena0", "(JJ)Ljava/nio/ByteBuffer;", (void *)e_arena},
    {"arenaLayout0", "(JJ)J", (void *)e_arena_layout},
    {"allocated0", "(J)J", (void *)e_allocated},
    {"layout0", "()Ljava/lang/String;", (void *)e_layout},
    {"readNow0", "(Ljava/io/FileDescriptor;Ljava/lang/Object;JJJZ)J", (void *)caio_jni_read_now},
};

int caio_register_engine_natives(JNIEnv *env)
{
    return caio_register(env, JNI_ENGINE_CLASS, methods, CAIO_ARRAY_LEN(methods));
}
