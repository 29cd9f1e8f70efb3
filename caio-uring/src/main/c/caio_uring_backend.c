/*
 * caio_uring_backend.c - binds the io_uring engine to the shared JNI face
 * as dev.caio.uring.IoUringNative, plus its own natives:
 *
 *   static native String probe()                      ()Ljava/lang/String;
 *   static native String features(long handle)        (J)Ljava/lang/String;
 *   static native void injectSetupFailure(int errno)  (I)V
 *   static native void injectFailure(int point, int errno)  (II)V
 *   static native ByteBuffer arena(long handle)       (J)Ljava/nio/ByteBuffer;
 *   static native long arenaLayout(long handle)       (J)J
 *
 * The engine itself comes as caio_uring_ops (caio_uring_engine.c); create's
 * option bits are in caio_uring_engine.h (SQPOLL and the registered arena are
 * silently dropped when the kernel refuses them; features() tells).
 */
#include "caio_backend.h"
#include "caio_jni.h"
#include "caio_uring_engine.h"

#include <stdint.h>

#define UNUSED __attribute__((unused))

static jstring JNICALL n_probe(JNIEnv *env, UNUSED jclass cls)
{
    char buf[512];
    const char *reason = caio_uring_probe(buf, sizeof(buf));
    return reason == NULL ? NULL : (*env)->NewStringUTF(env, reason);
}

static jstring JNICALL n_features(JNIEnv *env, UNUSED jclass cls, jlong handle)
{
    caio_uring_t *e = caio_backend_enter(env, handle);
    if (e == NULL)
        return NULL;
    char buf[256];
    caio_uring_features(e, buf, sizeof(buf));
    caio_backend_leave(e);
    return (*env)->NewStringUTF(env, buf);
}

static void JNICALL n_inject_setup_failure(JNIEnv *env, UNUSED jclass cls, jint err)
{
    if (err < 0 || err > 4095) {
        caio_throw(env, CAIO_IAE, "errno %d not in [0, 4095]", (int)err);
        return;
    }
    caio_uring_inject_setup_failure(err);
}

static void JNICALL n_inject_failure(JNIEnv *env, UNUSED jclass cls, jint point, jint err)
{
    if (point < 1 || point > 3 || err < 0 || err > 4095) {
        caio_throw(env, CAIO_IAE, "point %d not in [1, 3] or errno %d not in [0, 4095]",
                   (int)point, (int)err);
        return;
    }
    caio_uring_inject_failure(point, err);
}

/* A direct ByteBuffer over the registered arena, or null without one.  It
 * does not own the memory: the Java context keeps it only while the engine
 * lives and never touches it after destroy (see NativeContext). */
static jobject JNICALL n_arena(JNIEnv *env, UNUSED jclass cls, jlong handle)
{
    caio_uring_t *e = caio_backend_enter(env, handle);
    if (e == NULL)
        return NULL;
    size_t len, slot, stride;
    void *arena = caio_uring_arena(e, &len, &slot, &stride);
    jobject buf = arena == NULL ? NULL : (*env)->NewDirectByteBuffer(env, arena, (jlong)len);
    caio_backend_leave(e);
    return buf;
}

/* (stride << 32) | share size, both at most 64 KiB + 4 KiB; 0 without an
 * arena. */
static jlong JNICALL n_arena_layout(JNIEnv *env, UNUSED jclass cls, jlong handle)
{
    caio_uring_t *e = caio_backend_enter(env, handle);
    if (e == NULL)
        return 0;
    size_t len, slot, stride;
    void *arena = caio_uring_arena(e, &len, &slot, &stride);
    caio_backend_leave(e);
    return arena == NULL ? 0 : (jlong)(((uint64_t)stride << 32) | slot);
}

static const JNINativeMethod extras[] = {
    {"probe", "()Ljava/lang/String;", (void *)n_probe},
    {"features", "(J)Ljava/lang/String;", (void *)n_features},
    {"injectSetupFailure", "(I)V", (void *)n_inject_setup_failure},
    {"injectFailure", "(II)V", (void *)n_inject_failure},
    {"arena", "(J)Ljava/nio/ByteBuffer;", (void *)n_arena},
    {"arenaLayout", "(J)J", (void *)n_arena_layout},
};

const caio_backend_t caio_backend = {
    .java_class = "dev/caio/uring/IoUringNative",
    .ops = &caio_uring_ops,
    .extra = extras,
    .extra_count = CAIO_ARRAY_LEN(extras),
};
