/*
 * caio_linux_backend.c - binds the Linux AIO engine to the shared JNI face
 * as dev.caio.linux.LinuxAioNative, plus that class's own natives: the
 * availability probe, O_DIRECT file helpers (Java cannot open with O_DIRECT
 * on its own) and test seams.  The engine itself is caio_linux_ops.
 */
#define _GNU_SOURCE
#include "caio_backend.h"
#include "caio_jni.h"
#include "caio_linux_aio.h"
#include "caio_linux_sys.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#define UNUSED __attribute__((unused))
/* When statx cannot tell: the largest alignment any common device needs. */
#define SAFE_DIO_ALIGN 4096

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
    caio_laio_t *e = caio_backend_enter(env, handle);
    if (e == NULL)
        return; /* IllegalStateException pending */
    caio_laio_set_refuse_sync(e, refuse == JNI_TRUE);
    caio_backend_leave(e);
}

static jintArray JNICALL n_open_flags(JNIEnv *env, UNUSED jclass cls)
{
    const jint flags[] = {O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_DIRECT, O_DSYNC, O_SYNC};
    jintArray out = (*env)->NewIntArray(env, CAIO_ARRAY_LEN(flags));
    if (out != NULL)
        (*env)->SetIntArrayRegion(env, out, 0, CAIO_ARRAY_LEN(flags), flags);
    return out;
}

static jobject JNICALL n_open_file(JNIEnv *env, UNUSED jclass cls, jstring path, jint flags,
                                   jint mode)
{
    if (path == NULL) {
        caio_throw(env, CAIO_IAE, "path must not be null");
        return NULL;
    }
    const char *p = (*env)->GetStringUTFChars(env, path, NULL);
    if (p == NULL)
        return NULL; /* OutOfMemoryError pending */
    int fd;
    /* O_CLOEXEC always: a child process must not inherit the descriptor. */
    do
        fd = open(p, flags | O_CLOEXEC, (mode_t)(mode & 07777));
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

static void JNICALL n_close_file(JNIEnv *env, UNUSED jclass cls, jobject fdo)
{
    if (!caio_is_file_descriptor(env, fdo)) {
        caio_throw(env, CAIO_IAE, "not a java.io.FileDescriptor");
        return;
    }
    int err = caio_close_file_descriptor(env, fdo);
    if (err != 0)
        caio_throw_errno(env, "close", err);
}

static jint JNICALL n_direct_alignment(JNIEnv *env, UNUSED jclass cls, jobject fdo)
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
    int err = caio_laio_dio_align(fd, &mem, &off);
    /* Kernels without statx (ENOSYS) or without the query (EINVAL) get the
     * safe default like filesystems that do not report it. */
    if (err != 0 && err != ENOSYS && err != EINVAL) {
        caio_throw_errno(env, "statx", err);
        return 0;
    }
    unsigned align = mem > off ? mem : off;
    return align > 0 && align <= (1u << 30) ? (jint)align : SAFE_DIO_ALIGN;
}

static const JNINativeMethod extras[] = {
    {"probe", "()Ljava/lang/String;", (void *)n_probe},
    {"injectSetupFailure", "(I)V", (void *)n_inject_setup_failure},
    {"setRefuseAioSync", "(JZ)V", (void *)n_set_refuse_aio_sync},
    {"openFlags", "()[I", (void *)n_open_flags},
    {"openFile", "(Ljava/lang/String;II)Ljava/io/FileDescriptor;", (void *)n_open_file},
    {"closeFile", "(Ljava/io/FileDescriptor;)V", (void *)n_close_file},
    {"directAlignment", "(Ljava/io/FileDescriptor;)I", (void *)n_direct_alignment},
};

const caio_backend_t caio_backend = {
    .java_class = "dev/caio/linux/LinuxAioNative",
    .ops = &caio_linux_ops,
    .extra = extras,
    .extra_count = CAIO_ARRAY_LEN(extras),
};
