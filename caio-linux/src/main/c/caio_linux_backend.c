/*
 * caio_linux_backend.c - binds the Linux AIO engine to the shared JNI face
 * as dev.caio.linux.LinuxAioNative, plus that class's own natives: the
 * availability probe and test seams.  The engine itself is caio_linux_ops.
 */
#define _GNU_SOURCE
#include "caio_backend.h"
#include "caio_face.h"
#include "caio_jni.h"
#include "caio_linux_aio.h"
#include "caio_linux_sys.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#define UNUSED __attribute__((unused))

static jstring JNICALL n_probe(JNIEnv *env, UNUSED jclass cls)
{
    char buf[512];
    const char *reason = caio_laio_probe(buf, sizeof(buf));
    return reason == NULL ? NULL : (*env)->NewStringUTF(env, reason);
}

static void JNICALL n_inject_setup_failure(UNUSED JNIEnv *env, UNUSED jclass cls, jint err)
{
    caio_laio_inject_setup_failure(err);
}

static void JNICALL n_set_refuse_aio_sync(JNIEnv *env, UNUSED jclass cls, jlong handle,
                                          jboolean refuse)
{
    caio_laio_t *e = caio_engine_enter(env, caio_backend.ops, handle);
    if (e == NULL)
        return; /* IllegalStateException pending */
    caio_laio_set_refuse_sync(e, refuse == JNI_TRUE);
    caio_engine_leave(e);
}





static const JNINativeMethod extras[] = {
    {"probe", "()Ljava/lang/String;", (void *)n_probe},
    {"injectSetupFailure", "(I)V", (void *)n_inject_setup_failure},
    {"setRefuseAioSync", "(JZ)V", (void *)n_set_refuse_aio_sync},
};

const caio_backend_t caio_backend = {
    .java_class = "dev/caio/linux/LinuxAioNative",
    .ops = &caio_linux_ops,
    .extra = extras,
    .extra_count = CAIO_ARRAY_LEN(extras),
};
