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

#endif /* CAIO_BACKEND_H_ */
