/*
 * caio_batch_jni.c - a Java batch into validated caio_op_t (see
 * caio_batch_jni.h): every argument is checked here before an engine
 * touches memory.
 */
#include "caio_batch_jni.h"
#include "caio_jni.h"

#include <stdbool.h>
#include <stdint.h>

/* Fills *op from element i of the batch, whose params are p (ops[i - 1]
 * already filled, for KIND_SAME_FD).  Returns 0, or -1 with
 * IllegalArgumentException pending.  The local refs it makes are dropped
 * with the caller's local frame, not one by one. */
static int read_op(JNIEnv *env, int max_requests, jobjectArray fds, jobjectArray buffers,
                   const jlong *p, jint i, caio_op_t *op)
{
    jlong slot = p[0], kind = p[1] & ~(jlong)(KIND_SAME_FD | KIND_POSITIONAL), offset = p[2], index = p[3];
    jlong length = p[4];
    bool same_fd = (p[1] & KIND_SAME_FD) != 0;
    if (slot < 0 || slot >= max_requests) {
        caio_throw(env, CAIO_IAE, "op %d: slot %lld not in [0, %d)", (int)i,
                   (long long)slot, max_requests);
        return -1;
    }
    if (kind < CAIO_OP_READ || kind > CAIO_OP_FDSYNC) {
        caio_throw(env, CAIO_IAE, "op %d: unknown kind %lld", (int)i, (long long)kind);
        return -1;
    }
    if (offset < 0 || index < 0 || length < 0 || length > INT64_MAX - offset) {
        caio_throw(env, CAIO_IAE,
                   "op %d: invalid fileOffset %lld / bufferIndex %lld / length %lld",
                   (int)i, (long long)offset, (long long)index, (long long)length);
        return -1;
    }

    int fd;
    if (same_fd) {
        if (i == 0) {
            caio_throw(env, CAIO_IAE, "op 0: marked as using the previous op's fd");
            return -1;
        }
        fd = op[-1].fd;
    } else {
        jobject fdo = (*env)->GetObjectArrayElement(env, fds, i);
        bool is_fd = caio_is_file_descriptor(env, fdo);
        fd = is_fd ? caio_fd_of(env, fdo) : -1;
        if (!is_fd) {
            caio_throw(env, CAIO_IAE, "op %d: fds[%d] is null or not a java.io.FileDescriptor",
                       (int)i, (int)i);
            return -1;
        }
    }

    jobject buf = (*env)->GetObjectArrayElement(env, buffers, i);
    void *addr = NULL;
    int bad_buffer;
    if (buf == NULL)
        bad_buffer = length != 0 && (kind == CAIO_OP_READ || kind == CAIO_OP_WRITE);
    else
        bad_buffer = caio_buffer_range(env, buf, index, length, &addr) != 0;
    if (bad_buffer) {
        caio_throw(env, CAIO_IAE,
                   "op %d: buffer is null, not direct, or [%lld, +%lld) exceeds its capacity",
                   (int)i, (long long)index, (long long)length);
        return -1;
    }

    op->slot = (int32_t)slot;
    op->kind = (int32_t)kind;
    op->fd = fd;
    op->offset = offset;
    op->addr = addr;
    op->len = (size_t)length;
    op->flags = (p[1] & KIND_POSITIONAL) != 0 ? CAIO_OP_F_POSITIONAL : 0;
    return 0;
}

/* Checks that the arrays hold count ops and count fits the engine.
 * Returns 0, or -1 with IllegalArgumentException pending. */
int caio_jni_check_batch(JNIEnv *env, int max_requests, jobjectArray fds, jobjectArray buffers,
                         jlongArray params, jint count)
{
    if (fds == NULL || buffers == NULL || params == NULL) {
        caio_throw(env, CAIO_IAE, "fds, buffers and params must not be null");
        return -1;
    }
    jsize nfds = (*env)->GetArrayLength(env, fds);
    jsize nbufs = (*env)->GetArrayLength(env, buffers);
    jsize nparams = (*env)->GetArrayLength(env, params);
    if (count < 0 || count > nfds || count > nbufs || count > nparams / PARAMS_PER_OP) {
        caio_throw(env, CAIO_IAE, "count %d does not fit fds[%d], buffers[%d], params[%d]",
                   (int)count, (int)nfds, (int)nbufs, (int)nparams);
        return -1;
    }
    /* More ops than slots must repeat a slot; rejecting early also bounds
     * the caller's allocation. */
    if (count > max_requests) {
        caio_throw(env, CAIO_IAE, "count %d exceeds maxRequests %d", (int)count, max_requests);
        return -1;
    }
    return 0;
}

/* Reads and validates count ops into ops.  All params in one crossing: a
 * batch's worth, in chunks of STACK_OPS.  Each chunk's local refs (a buffer
 * per op, an fd per new file) live in one local frame, popped at its end:
 * cheaper than deleting each.  Returns 0, or -1 with an exception pending. */
int caio_jni_read_batch(JNIEnv *env, int max_requests, jobjectArray fds, jobjectArray buffers,
                        jlongArray params, jint count, caio_op_t *ops)
{
    jlong p[STACK_OPS * PARAMS_PER_OP];
    for (jint i = 0; i < count; i += STACK_OPS) {
        jint n = count - i < STACK_OPS ? count - i : STACK_OPS;
        (*env)->GetLongArrayRegion(env, params, i * PARAMS_PER_OP, n * PARAMS_PER_OP, p);
        if ((*env)->ExceptionCheck(env) || (*env)->PushLocalFrame(env, 2 * n) != 0)
            return -1;
        int failed = 0;
        for (jint j = 0; j < n && !failed; j++)
            failed = read_op(env, max_requests, fds, buffers, &p[j * PARAMS_PER_OP], i + j, &ops[i + j]);
        (*env)->PopLocalFrame(env, NULL);
        if (failed)
            return -1;
    }
    return 0;
}
