/*
 * caio_jni.h - JNI plumbing shared by every caio native backend (thread,
 * linux AIO, io_uring).  Each backend library compiles caio_jni.c in, so
 * these symbols are hidden and per-library; nothing here is exported.
 *
 * Convention: helpers that can throw return non-zero and leave a pending
 * Java exception; callers just return to Java.
 */
#ifndef CAIO_JNI_H_
#define CAIO_JNI_H_

#include <jni.h>
#include <stdbool.h>

#define CAIO_IAE "java/lang/IllegalArgumentException"
#define CAIO_ISE "java/lang/IllegalStateException"
#define CAIO_IOE "java/io/IOException"
#define CAIO_OOME "java/lang/OutOfMemoryError"

#define CAIO_ARRAY_LEN(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Caches java.io.FileDescriptor, its private "fd" field and the exception
 * classes as global refs.  Call from JNI_OnLoad; returns 0, or -1 with an
 * exception pending. */
int caio_jni_init(JNIEnv *env);

/* The java.io.FileDescriptor of a channel the JDK's FileChannel.open made
 * (sun.nio.ch.FileChannelImpl), shared with it; NULL for any other object
 * or on a JDK without that class. */
jobject caio_channel_descriptor(JNIEnv *env, jobject channel);

/* Drops the global refs; for JNI_OnUnload. */
void caio_jni_release(JNIEnv *env);

/* true if obj is a non-null java.io.FileDescriptor.  Reading the fd field
 * of any other object would be undefined, so check before caio_fd_of. */
bool caio_is_file_descriptor(JNIEnv *env, jobject obj);

/* The int fd of a FileDescriptor; -1 when closed (or obj is null). */
int caio_fd_of(JNIEnv *env, jobject fileDescriptor);

/* Throws className with a printf-style message.  Keeps an exception that is
 * already pending, since it describes the first failure. */
void caio_throw(JNIEnv *env, const char *className, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Throws java.io.IOException "what failed: ENAME (strerror text)".  err is a
 * positive errno. */
void caio_throw_errno(JNIEnv *env, const char *what, int err);

/* Symbolic name of a positive errno ("EAGAIN"), or NULL if unknown. */
const char *caio_errno_name(int err);

/* Address of [index, index+length) inside a direct buffer.  Returns 0, or
 * -EINVAL (nothing thrown) if the buffer is null, not direct, or the range
 * does not fit in its capacity. */
int caio_buffer_range(JNIEnv *env, jobject directBuffer, jlong index,
                      jlong length, void **out);

/* RegisterNatives on className.  Returns 0, or -1 with an exception
 * pending. */
int caio_register(JNIEnv *env, const char *className,
                  const JNINativeMethod *methods, int n);

/* A new java.io.FileDescriptor owning fd (its private "fd" field set).  No
 * Cleaner is registered, so it must be closed with
 * caio_close_file_descriptor.  Returns NULL with an exception pending. */
jobject caio_new_file_descriptor(JNIEnv *env, int fd);

/* Closes the fd of fileDescriptor and sets its field to -1; a -1 field is a
 * no-op, so closing twice is harmless.  Returns 0, or a positive errno from
 * close(2) (the descriptor is released either way). */
int caio_close_file_descriptor(JNIEnv *env, jobject fileDescriptor);

#endif /* CAIO_JNI_H_ */
