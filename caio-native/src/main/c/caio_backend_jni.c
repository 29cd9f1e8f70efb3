/*
 * caio_backend_jni.c - what a library binds to its backend's own Java class
 * in JNI_OnLoad: its version, bind (the shared engine face, see
 * caio_face.h) and the backend's extras; plus DirectFile's natives.
 * RegisterNatives keeps JNI_OnLoad/JNI_OnUnload the only exported symbols.
 */
#include "caio_backend.h"
#include "caio_alloc.h"
#include "caio_face.h"
#include "caio_file_jni.h"
#include "caio_jni.h"

#include <stdint.h>

#ifndef CAIO_NATIVE_VERSION
#error "CAIO_NATIVE_VERSION must be defined by the build (see native.mk)"
#endif

#define UNUSED __attribute__((unused))

static const caio_face_t face = {
    .magic = CAIO_FACE_MAGIC,
    .backend = &caio_backend,
    .allocated = caio_alloc_bytes,
};

static jstring JNICALL b_version(JNIEnv *env, UNUSED jclass cls)
{
    return (*env)->NewStringUTF(env, CAIO_NATIVE_VERSION);
}

/* Called by Java once this library's version matched: binds the shared face
 * to this library's code and returns this library's face, or 0 with an
 * exception pending. */
static jlong JNICALL b_bind(JNIEnv *env, UNUSED jclass cls)
{
    if (caio_register_engine_natives(env) != 0)
        return 0;
    return (jlong)(intptr_t)&face;
}

static const JNINativeMethod methods[] = {
    {"version", "()Ljava/lang/String;", (void *)b_version},
    {"bind", "()J", (void *)b_bind},
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
