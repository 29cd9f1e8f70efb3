/*
 * caio_jni.c - shared JNI helpers (see caio_jni.h).
 *
 * Everything looked up here is cached once in JNI_OnLoad: the hot paths
 * (submit of a batch) must not pay FindClass/GetFieldID per operation, and
 * FindClass from a worker-less native call can pick the wrong class loader.
 */
#define _GNU_SOURCE
#include "caio_jni.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static jclass fd_class;
static jfieldID fd_field;
/* java.nio.DirectByteBuffer and Buffer's address and capacity: what
 * GetDirectBufferAddress and GetDirectBufferCapacity read, minus the
 * interface instanceof check each of them repeats (a third of the cost of a
 * batch's submit crossing).  NULL when this JDK lacks them: the standard
 * functions then do the work. */
static jclass direct_class;
static jfieldID address_field, capacity_field;
/* dev.caio.CaioIOException(int errno, String name, String message,
 * Throwable cause): failed system calls carry their errno as a number, so
 * Java never parses it back out of a message. */
static jclass caio_ioe_class;
static jmethodID caio_ioe_init;

static struct {
    const char *name;
    jclass cls;
} thrown[] = {
    {CAIO_IAE, NULL},
    {CAIO_ISE, NULL},
    {CAIO_IOE, NULL},
    {CAIO_OOME, NULL},
};

static jclass global_class(JNIEnv *env, const char *name)
{
    jclass local = (*env)->FindClass(env, name);
    if (local == NULL)
        return NULL;
    jclass global = (*env)->NewGlobalRef(env, local);
    (*env)->DeleteLocalRef(env, local);
    return global;
}

/* Optional: on any failure the fields stay NULL and caio_buffer_range uses
 * the standard JNI functions. */
static void init_direct_buffer_fields(JNIEnv *env)
{
    jclass buffer = (*env)->FindClass(env, "java/nio/Buffer");
    if (buffer != NULL) {
        address_field = (*env)->GetFieldID(env, buffer, "address", "J");
        if (address_field != NULL)
            capacity_field = (*env)->GetFieldID(env, buffer, "capacity", "I");
        (*env)->DeleteLocalRef(env, buffer);
    }
    if (capacity_field != NULL)
        direct_class = global_class(env, "java/nio/DirectByteBuffer");
    if (direct_class == NULL)
        address_field = capacity_field = NULL;
    if ((*env)->ExceptionCheck(env))
        (*env)->ExceptionClear(env);
}

/* The JDK's FileChannel implementation and its private descriptor field;
 * NULL on a JDK without them, where caio_channel_descriptor answers NULL. */
static jclass fc_impl_class;
static jfieldID fc_fd_field;

static void init_channel_field(JNIEnv *env)
{
    fc_impl_class = global_class(env, "sun/nio/ch/FileChannelImpl");
    if (fc_impl_class != NULL)
        fc_fd_field = (*env)->GetFieldID(env, fc_impl_class, "fd", "Ljava/io/FileDescriptor;");
    if ((*env)->ExceptionCheck(env))
        (*env)->ExceptionClear(env);
    if (fc_fd_field == NULL && fc_impl_class != NULL) {
        (*env)->DeleteGlobalRef(env, fc_impl_class);
        fc_impl_class = NULL;
    }
}

jobject caio_channel_descriptor(JNIEnv *env, jobject channel)
{
    if (channel == NULL || fc_impl_class == NULL || !(*env)->IsInstanceOf(env, channel, fc_impl_class))
        return NULL;
    return (*env)->GetObjectField(env, channel, fc_fd_field);
}

int caio_jni_init(JNIEnv *env)
{
    fd_class = global_class(env, "java/io/FileDescriptor");
    if (fd_class == NULL)
        goto fail;
    /* Private field; JNI does not apply access checks, and reading it avoids
     * reflection or SharedSecrets on the Java side. */
    fd_field = (*env)->GetFieldID(env, fd_class, "fd", "I");
    if (fd_field == NULL)
        goto fail;
    for (int i = 0; i < CAIO_ARRAY_LEN(thrown); i++) {
        thrown[i].cls = global_class(env, thrown[i].name);
        if (thrown[i].cls == NULL)
            goto fail;
    }
    caio_ioe_class = global_class(env, "dev/caio/CaioIOException");
    if (caio_ioe_class == NULL)
        goto fail;
    caio_ioe_init = (*env)->GetMethodID(env, caio_ioe_class, "<init>",
                                        "(ILjava/lang/String;Ljava/lang/String;Ljava/lang/Throwable;)V");
    if (caio_ioe_init == NULL)
        goto fail;
    init_direct_buffer_fields(env);
    init_channel_field(env);
    return 0;
fail:
    /* NewGlobalRef can fail without throwing; JNI_OnLoad must still leave
     * a reason behind for System.loadLibrary to report. */
    if (!(*env)->ExceptionCheck(env))
        caio_throw(env, CAIO_OOME, "caio: cannot create JNI global references");
    caio_jni_release(env);
    return -1;
}

void caio_jni_release(JNIEnv *env)
{
    for (int i = 0; i < CAIO_ARRAY_LEN(thrown); i++) {
        if (thrown[i].cls != NULL)
            (*env)->DeleteGlobalRef(env, thrown[i].cls);
        thrown[i].cls = NULL;
    }
    if (fd_class != NULL)
        (*env)->DeleteGlobalRef(env, fd_class);
    fd_class = NULL;
    fd_field = NULL;
    if (direct_class != NULL)
        (*env)->DeleteGlobalRef(env, direct_class);
    direct_class = NULL;
    if (caio_ioe_class != NULL)
        (*env)->DeleteGlobalRef(env, caio_ioe_class);
    if (fc_impl_class != NULL)
        (*env)->DeleteGlobalRef(env, fc_impl_class);
    fc_impl_class = NULL;
    fc_fd_field = NULL;
    caio_ioe_class = NULL;
    caio_ioe_init = NULL;
    address_field = capacity_field = NULL;
}

bool caio_is_file_descriptor(JNIEnv *env, jobject obj)
{
    return obj != NULL && fd_class != NULL &&
           (*env)->IsInstanceOf(env, obj, fd_class);
}

int caio_fd_of(JNIEnv *env, jobject fileDescriptor)
{
    if (fileDescriptor == NULL || fd_field == NULL)
        return -1;
    jint fd = (*env)->GetIntField(env, fileDescriptor, fd_field);
    return fd < 0 ? -1 : fd;
}

void caio_throw(JNIEnv *env, const char *className, const char *fmt, ...)
{
    if ((*env)->ExceptionCheck(env))
        return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);

    jclass cls = NULL;
    for (int i = 0; i < CAIO_ARRAY_LEN(thrown); i++)
        if (thrown[i].cls != NULL && strcmp(thrown[i].name, className) == 0)
            cls = thrown[i].cls;
    if (cls != NULL) {
        (*env)->ThrowNew(env, cls, msg);
        return;
    }
    /* Uncached class: FindClass leaves NoClassDefFoundError pending on
     * failure, which is still better than no exception at all. */
    jclass local = (*env)->FindClass(env, className);
    if (local != NULL) {
        (*env)->ThrowNew(env, local, msg);
        (*env)->DeleteLocalRef(env, local);
    }
}

/* A table rather than strerrorname_np: that symbol is versioned GLIBC_2.32,
 * and linking it would stop the library loading on older distributions. */
const char *caio_errno_name(int err)
{
    static const struct {
        int err;
        const char *name;
    } names[] = {
        {EPERM, "EPERM"},   {ENOENT, "ENOENT"},   {EINTR, "EINTR"},
        {EIO, "EIO"},       {EBADF, "EBADF"},     {EAGAIN, "EAGAIN"},
        {ENOMEM, "ENOMEM"}, {EACCES, "EACCES"},   {EFAULT, "EFAULT"},
        {EBUSY, "EBUSY"},   {EEXIST, "EEXIST"},   {EINVAL, "EINVAL"},
        {ENFILE, "ENFILE"}, {EMFILE, "EMFILE"},   {EFBIG, "EFBIG"},
        {ENOSPC, "ENOSPC"}, {ESPIPE, "ESPIPE"},   {EROFS, "EROFS"},
        {ENOSYS, "ENOSYS"}, {EISDIR, "EISDIR"},   {EDQUOT, "EDQUOT"},
        {EOVERFLOW, "EOVERFLOW"}, {ECANCELED, "ECANCELED"},
        {EOPNOTSUPP, "EOPNOTSUPP"}, {ESHUTDOWN, "ESHUTDOWN"},
        {EDEADLK, "EDEADLK"},
    };
    for (int i = 0; i < CAIO_ARRAY_LEN(names); i++)
        if (names[i].err == err)
            return names[i].name;
    return NULL;
}


void caio_throw_errno(JNIEnv *env, const char *what, int err)
{
    char text[256];
    /* GNU strerror_r may return a static string instead of filling text. */
    const char *desc = strerror_r(err, text, sizeof(text));
    const char *known = caio_errno_name(err);
    char name[32];
    if (known != NULL)
        snprintf(name, sizeof(name), "%s", known);
    else
        snprintf(name, sizeof(name), "E%d", err);
    if ((*env)->ExceptionCheck(env))
        return;
    char msg[512];
    snprintf(msg, sizeof(msg), "%s failed: %s (%s)", what, name, desc);
    jstring jname = (*env)->NewStringUTF(env, name);
    jstring jmsg = jname == NULL ? NULL : (*env)->NewStringUTF(env, msg);
    jobject e = jmsg == NULL || caio_ioe_class == NULL ? NULL
        : (*env)->NewObject(env, caio_ioe_class, caio_ioe_init, (jint)err, jname, jmsg, NULL);
    if (e != NULL)
        (*env)->Throw(env, (jthrowable)e);
    else if (!(*env)->ExceptionCheck(env))
        caio_throw(env, CAIO_IOE, "%s", msg);
}

int caio_buffer_range(JNIEnv *env, jobject directBuffer, jlong index,
                      jlong length, void **out)
{
    if (directBuffer == NULL || index < 0 || length < 0)
        return -EINVAL;
    char *base;
    jlong capacity;
    if (direct_class != NULL) {
        /* Every direct ByteBuffer is a DirectByteBuffer (read-only ones a
         * subclass); anything else, heap buffers included, is refused. */
        if (!(*env)->IsInstanceOf(env, directBuffer, direct_class))
            return -EINVAL;
        base = (char *)(intptr_t)(*env)->GetLongField(env, directBuffer, address_field);
        capacity = (*env)->GetIntField(env, directBuffer, capacity_field);
    } else {
        /* NULL for heap buffers and for objects that are not Buffers. */
        base = (*env)->GetDirectBufferAddress(env, directBuffer);
        capacity = (*env)->GetDirectBufferCapacity(env, directBuffer);
    }
    if (base == NULL)
        return -EINVAL;
    /* Written as subtractions so huge index/length cannot overflow. */
    if (capacity < 0 || index > capacity || length > capacity - index)
        return -EINVAL;
    *out = base + index;
    return 0;
}

int caio_register(JNIEnv *env, const char *className,
                  const JNINativeMethod *methods, int n)
{
    jclass cls = (*env)->FindClass(env, className);
    if (cls == NULL)
        return -1;
    jint rc = (*env)->RegisterNatives(env, cls, methods, n);
    (*env)->DeleteLocalRef(env, cls);
    if (rc != JNI_OK) {
        if (!(*env)->ExceptionCheck(env))
            caio_throw(env, "java/lang/UnsatisfiedLinkError",
                       "RegisterNatives failed for %s (%d)", className, (int)rc);
        return -1;
    }
    return 0;
}

jobject caio_new_file_descriptor(JNIEnv *env, int fd)
{
    if (fd_class == NULL || fd_field == NULL) {
        caio_throw(env, CAIO_ISE, "caio: JNI not initialised");
        return NULL;
    }
    /* Looked up per call: opening files is not a hot path, and it keeps
     * caio_jni_init free of what only some backends need. */
    jmethodID ctor = (*env)->GetMethodID(env, fd_class, "<init>", "()V");
    if (ctor == NULL)
        return NULL;
    jobject fdo = (*env)->NewObject(env, fd_class, ctor);
    if (fdo == NULL)
        return NULL;
    (*env)->SetIntField(env, fdo, fd_field, fd);
    return fdo;
}

int caio_close_file_descriptor(JNIEnv *env, jobject fileDescriptor)
{
    if (fileDescriptor == NULL || fd_field == NULL)
        return 0;
    /* Read-and-clear under the object's monitor, so two racing closes
     * cannot both close the number (the second could hit a reused fd). */
    if ((*env)->MonitorEnter(env, fileDescriptor) != JNI_OK)
        return 0;
    jint fd = (*env)->GetIntField(env, fileDescriptor, fd_field);
    if (fd >= 0)
        (*env)->SetIntField(env, fileDescriptor, fd_field, -1);
    (*env)->MonitorExit(env, fileDescriptor);
    /* Linux releases the descriptor even when close fails (EINTR, EIO), so
     * retrying would close someone else's; report and move on. */
    if (fd >= 0 && close(fd) != 0 && errno != EINTR)
        return errno;
    return 0;
}
