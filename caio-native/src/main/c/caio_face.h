/*
 * caio_face.h - how the engines of several libraries share one JNI face.
 *
 * The engine calls are the static natives of one Java class,
 * dev.caio.internal.natives.JniEngine (caio_engine_jni.c).  Every library
 * binds that class to its own copy of the code once Java has checked its
 * version, so the copies that serve a call are all of one build.  Each call
 * carries the caller's library's face, whose ops run the call: one class
 * serves every backend, and each backend's own class keeps only what it
 * alone has.
 */
#ifndef CAIO_FACE_H_
#define CAIO_FACE_H_

#include "caio_backend.h"
#include <jni.h>
#include <stdint.h>

/* "caioface" */
#define CAIO_FACE_MAGIC 0x63616f6966616365ULL

typedef struct caio_face {
    uint64_t magic;
    const caio_backend_t *backend;
    /* This library's native memory in use (its caio_alloc counters). */
    int64_t (*allocated)(void);
} caio_face_t;

/* Binds JniEngine's natives to this library's copy of the JNI face.
 * Returns 0, or -1 with an exception pending. */
int caio_register_engine_natives(JNIEnv *env);

/* The engine behind a handle of ops' engine, pinned for this call (pair
 * with caio_engine_leave), or NULL with IllegalStateException pending for
 * 0 or a stale handle. */
caio_engine_t *caio_engine_enter(JNIEnv *env, const caio_engine_ops_t *ops, jlong handle);
void caio_engine_leave(caio_engine_t *engine);

/* The ops of the library whose face jface is (only JniEngine passes one,
 * from a bind), then caio_engine_enter with them; *ops is set when it
 * returns non-NULL. */
caio_engine_t *caio_face_enter(JNIEnv *env, jlong jface, jlong handle, const caio_engine_ops_t **ops);

#endif /* CAIO_FACE_H_ */
