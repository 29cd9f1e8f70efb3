/*
 * caio_backend.h - what a backend library defines so that it can be bound
 * (caio_backend_jni.c) and served by the shared JNI face (caio_face.h): its
 * Java class, its engine, and any natives of its own (probes, test hooks).
 */
#ifndef CAIO_BACKEND_H_
#define CAIO_BACKEND_H_

#include "caio_engine.h"
#include <jni.h>

typedef struct caio_backend {
    /* e.g. "dev/caio/thread/ThreadPoolNative" */
    const char *java_class;
    const caio_engine_ops_t *ops;
    const JNINativeMethod *extra;
    int extra_count;
} caio_backend_t;

/* Defined once per library by the backend. */
extern const caio_backend_t caio_backend;

/* For the natives of the JNI face and the backend's extras: the engine behind a
 * handle, pinned for this call (pair with caio_backend_leave), or NULL with
 * IllegalStateException pending for 0 or a stale handle. */
caio_engine_t *caio_backend_enter(JNIEnv *env, jlong handle);
void caio_backend_leave(caio_engine_t *engine);

#endif /* CAIO_BACKEND_H_ */
