/*
 * caio_file_jni.c - the natives of dev.caio.internal.natives.NativeDirectFiles
 * (opening, aligning and closing O_DIRECT files), in every backend library:
 * whichever library loads first serves DirectFile, so it needs no particular
 * backend.
 *
 *   static native FileDescriptor open0(String path, boolean write, boolean create,
 *                                      boolean truncate, boolean dsync, boolean sync)
 *   static native int alignment0(FileDescriptor fd)
 *   static native void close0(FileDescriptor fd)
 *   static native String version()
 *   static native FileDescriptor descriptorOf0(Object channel)
 */
#define _GNU_SOURCE
#include "caio_direct.h"
#include "caio_file_jni.h"
#include "caio_jni.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#define UNUSED __attribute__((unused))

static int open_flags(jboolean write, jboolean create, jboolean truncate, jboolean dsync, jboolean sync)
{
    /* O_CLOEXEC always: a child process must not inherit the descriptor. */
    int flags = (write ? O_RDWR : O_RDONLY) | O_DIRECT | O_CLOEXEC;
    flags |= create ? O_CREAT : 0;
    flags |= truncate ? O_TRUNC : 0;
    flags |= dsync ? O_DSYNC : 0;
    flags |= sync ? O_SYNC : 0;
    return flags;
}

static jobject JNICALL f_open(JNIEnv *env, UNUSED jclass cls, jstring path, jboolean write,
                              jboolean create, jboolean truncate, jboolean dsync, jboolean sync)
{
    if (path == NULL) {
        caio_throw(env, CAIO_IAE, "path must not be null");
        return NULL;
    }
    const char *p = (*env)->GetStringUTFChars(env, path, NULL);
    if (p == NULL)
        return NULL; /* OutOfMemoryError pending */
    int flags = open_flags(write, create, truncate, dsync, sync);
    int fd;
    do
        fd = open(p, flags, 0644);
    while (fd < 0 && errno == EINTR);
    jobject fdo = NULL;
    if (fd < 0) {
        int err = errno;
        char what[600];
        snprintf(what, sizeof(what), "open %s", p);
        caio_throw_errno(env, what, err);
    } else {
        fdo = caio_new_file_descriptor(env, fd);
        if (fdo == NULL)
            close(fd);
    }
    (*env)->ReleaseStringUTFChars(env, path, p);
    return fdo;
}

static void JNICALL f_close(JNIEnv *env, UNUSED jclass cls, jobject fdo)
{
    if (!caio_is_file_descriptor(env, fdo)) {
        caio_throw(env, CAIO_IAE, "not a java.io.FileDescriptor");
        return;
    }
    int err = caio_close_file_descriptor(env, fdo);
    if (err != 0)
        caio_throw_errno(env, "close", err);
}

static jint JNICALL f_alignment(JNIEnv *env, UNUSED jclass cls, jobject fdo)
{
    if (!caio_is_file_descriptor(env, fdo)) {
        caio_throw(env, CAIO_IAE, "not a java.io.FileDescriptor");
        return 0;
    }
    int fd = caio_fd_of(env, fdo);
    if (fd < 0) {
        caio_throw_errno(env, "statx", EBADF);
        return 0;
    }
    unsigned mem = 0, off = 0;
    int err = caio_dio_align(fd, &mem, &off);
    /* Kernels without statx (ENOSYS) or without the query (EINVAL) get the
     * safe default like filesystems that do not report it. */
    if (err != 0 && err != ENOSYS && err != EINVAL) {
        caio_throw_errno(env, "statx", err);
        return 0;
    }
    unsigned align = mem > off ? mem : off;
    return align > 0 && align <= (1u << 30) ? (jint)align : (jint)CAIO_DIO_DEFAULT_ALIGN;
}

static jobject JNICALL f_descriptor_of(JNIEnv *env, UNUSED jclass cls, jobject channel)
{
    if (channel == NULL) {
        caio_throw(env, CAIO_IAE, "channel must not be null");
        return NULL;
    }
    return caio_channel_descriptor(env, channel);
}

/* The number, or -1 for anything that is not an open FileDescriptor: diagnostics never throw. */
static jint JNICALL f_number(JNIEnv *env, UNUSED jclass cls, jobject fdo)
{
    if (!caio_is_file_descriptor(env, fdo))
        return -1;
    int fd = caio_fd_of(env, fdo);
    return fd < 0 ? -1 : (jint)fd;
}

static jstring JNICALL f_version(JNIEnv *env, UNUSED jclass cls)
{
    return (*env)->NewStringUTF(env, CAIO_NATIVE_VERSION);
}

static const JNINativeMethod file_methods[] = {
    {"version", "()Ljava/lang/String;", (void *)f_version},
    {"open0", "(Ljava/lang/String;ZZZZZ)Ljava/io/FileDescriptor;", (void *)f_open},
    {"alignment0", "(Ljava/io/FileDescriptor;)I", (void *)f_alignment},
    {"close0", "(Ljava/io/FileDescriptor;)V", (void *)f_close},
    {"descriptorOf0", "(Ljava/lang/Object;)Ljava/io/FileDescriptor;", (void *)f_descriptor_of},
    {"number0", "(Ljava/lang/Object;)I", (void *)f_number},
};

int caio_register_file_natives(JNIEnv *env)
{
    return caio_register(env, "dev/caio/internal/natives/NativeDirectFiles", file_methods,
                         CAIO_ARRAY_LEN(file_methods));
}
