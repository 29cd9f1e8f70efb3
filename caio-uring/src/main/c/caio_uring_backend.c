/*
 * caio_uring_backend.c - binds the io_uring engine to the shared JNI face
 * as dev.caio.uring.IoUringNative, plus its own natives:
 *
 *   static native String probe()                      ()Ljava/lang/String;
 *   static native void injectSetupFailure(int errno)  (I)V
 *   static native void injectFailure(int point, int errno)  (II)V
 *
 * The engine itself comes as caio_uring_ops (caio_uring_engine.c), with its
 * features and arena, which the shared face serves; create's option bits are
 * in caio_uring_engine.h (SQPOLL and the registered arena are silently
 * dropped when the kernel refuses them; the features tell).
 */
#include "caio_backend.h"
#include "caio_jni.h"
#include "caio_uring_engine.h"

#define UNUSED __attribute__((unused))

static jstring JNICALL n_probe(JNIEnv *env, UNUSED jclass cls)
{
    char buf[512];
    const char *reason = caio_uring_probe(buf, sizeof(buf));
    return reason == NULL ? NULL : (*env)->NewStringUTF(env, reason);
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

static const JNINativeMethod extras[] = {
    {"probe", "()Ljava/lang/String;", (void *)n_probe},
    {"injectSetupFailure", "(I)V", (void *)n_inject_setup_failure},
    {"injectFailure", "(II)V", (void *)n_inject_failure},
};

const caio_backend_t caio_backend = {
    .java_class = "dev/caio/uring/IoUringNative",
    .ops = &caio_uring_ops,
    .extra = extras,
    .extra_count = CAIO_ARRAY_LEN(extras),
};
