/*
 * caio_now_jni.h - JniEngine.readNow (caio_now_jni.c).
 */
#ifndef CAIO_NOW_JNI_H_
#define CAIO_NOW_JNI_H_

#include <jni.h>

/* The native of JniEngine.readNow0: the bytes read (length, or 0 at end
 * of file) when the page cache held the whole range, else -errno:
 * EOPNOTSUPP for a file it never serves (O_DIRECT, or no RWF_NOWAIT),
 * EAGAIN for a miss or a partial hit.  known_buffered skips the O_DIRECT
 * check.  Bad arguments throw IllegalArgumentException. */
jlong JNICALL caio_jni_read_now(JNIEnv *env, jclass cls, jobject fdo, jobject buf, jlong index, jlong length,
                                jlong offset, jboolean known_buffered);

#endif /* CAIO_NOW_JNI_H_ */
