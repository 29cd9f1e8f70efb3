/*
 * caio_submit_jni.c - JniEngine.submit: a Java batch into validated
 * caio_op_t, all of it checked before an engine touches memory or any of it
 * is queued (all-or-nothing), then handed to the engine of the call's face.
 */
#include "caio_submit_jni.h"
#include "caio_alloc.h"
#include "caio_face.h"
#include "caio_head.h"
#include "caio_jni.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#define UNUSED __attribute__((unused))

/* The descriptor of op i into *fd: fdo's, or with same_fd the previous
 * op's (op[-1]).  typed: fdo came as a FileDescriptor parameter, so the JVM
 * has checked its class.  Returns 0, or -1 with IllegalArgumentException
 * pending. */
static int read_fd(JNIEnv *env, jobject fdo, bool typed, jint i, bool same_fd, const caio_op_t *op, int *fd)
{
    if (same_fd) {
        if (i == 0) {
            caio_throw(env, CAIO_IAE, "op 0: marked as using the previous op's fd");
            return -1;
        }
        *fd = op[-1].fd;
        return 0;
    }
    if (fdo == NULL || (!typed && !caio_is_file_descriptor(env, fdo))) {
        caio_throw(env, CAIO_IAE, "op %d: fds[%d] is null or not a java.io.FileDescriptor", (int)i, (int)i);
        return -1;
    }
    *fd = caio_fd_of(env, fdo);
    return 0;
}

/* Fills *op from element i of the batch: its params p, its descriptor
 * fdo (unused with KIND_SAME_FD, when ops[i - 1] is already filled; typed
 * as for read_fd) and its buffer.  Returns 0, or -1 with
 * IllegalArgumentException pending. */
static int read_op(JNIEnv *env, int max_requests, jobject fdo, bool typed, jobject buf, const jlong *p,
                   jint i, caio_op_t *op)
{
    jlong slot = p[0], kind = p[1] & ~(jlong)(KIND_SAME_FD | KIND_POSITIONAL | KIND_DETACHED), offset = p[2], index = p[3];
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
    if (read_fd(env, fdo, typed, i, same_fd, op, &fd) != 0)
        return -1;
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
    op->flags = ((p[1] & KIND_POSITIONAL) != 0 ? CAIO_OP_F_POSITIONAL : 0) |
                ((p[1] & KIND_DETACHED) != 0 ? CAIO_OP_F_DETACHED : 0);
    return 0;
}

/* Checks that the arrays hold count ops and count fits the engine.
 * Returns 0, or -1 with IllegalArgumentException pending. */
static int check_batch(JNIEnv *env, int max_requests, jobjectArray fds, jobjectArray buffers,
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
static int read_batch(JNIEnv *env, int max_requests, jobjectArray fds, jobjectArray buffers,
                      jlongArray params, jint count, caio_op_t *ops)
{
    jlong p[STACK_OPS * PARAMS_PER_OP];
    for (jint i = 0; i < count; i += STACK_OPS) {
        jint n = count - i < STACK_OPS ? count - i : STACK_OPS;
        (*env)->GetLongArrayRegion(env, params, i * PARAMS_PER_OP, n * PARAMS_PER_OP, p);
        if ((*env)->ExceptionCheck(env) || (*env)->PushLocalFrame(env, 2 * n) != 0)
            return -1;
        int failed = 0;
        for (jint j = 0; j < n && !failed; j++) {
            const jlong *pj = &p[j * PARAMS_PER_OP];
            jobject fdo = (pj[1] & KIND_SAME_FD) != 0 ? NULL : (*env)->GetObjectArrayElement(env, fds, i + j);
            jobject buf = (*env)->GetObjectArrayElement(env, buffers, i + j);
            failed = read_op(env, max_requests, fdo, false, buf, pj, i + j, &ops[i + j]);
        }
        (*env)->PopLocalFrame(env, NULL);
        if (failed)
            return -1;
    }
    return 0;
}

/* Copies n completions into out as (slot, result) pairs. */
void caio_jni_store_pairs(JNIEnv *env, jlongArray out, const caio_completion_t *comp, int n)
{
    jlong flat[2 * REAP_BATCH];
    for (int i = 0; i < n; i++) {
        flat[2 * i] = comp[i].slot;
        flat[2 * i + 1] = comp[i].result;
    }
    (*env)->SetLongArrayRegion(env, out, 0, 2 * n, flat);
}

/* Throws what an engine's refusal rc (< 0) of a batch means; bad is the
 * index of the op it names, or -1. */
static void refused(JNIEnv *env, const caio_engine_ops_t *eo, const caio_op_t *ops, int rc, int bad)
{
    if (rc == -ESHUTDOWN)
        caio_throw(env, CAIO_ISE, "%s is shut down", eo->name);
    else if (rc == -EBUSY)
        caio_throw(env, CAIO_IAE, "op %d: slot %d is still in use or repeated in the batch",
                   bad, bad >= 0 ? (int)ops[bad].slot : -1);
    else
        caio_throw(env, CAIO_IAE, "op %d: rejected by the %s (%d)", bad, eo->name, rc);
}

/* Hands the ops to the engine, collecting completions already done when
 * `completions` is not null.  Returns their number, or 0 with an exception
 * pending when the engine refused the batch. */
static jint submit_batch(JNIEnv *env, const caio_engine_ops_t *eo, caio_engine_t *engine,
                         const caio_op_t *ops, jint count, jlongArray completions)
{
    jsize pairs = completions == NULL ? 0 : (*env)->GetArrayLength(env, completions) / 2;
    int max = pairs < REAP_BATCH ? (int)pairs : REAP_BATCH;
    caio_completion_t comp[REAP_BATCH];
    int bad = -1;
    int rc;
    if (max == 0)
        rc = eo->submit(engine, ops, count, &bad);
    else
        rc = eo->submit_collect(engine, ops, count, &bad, comp, max);
    if (rc >= 0) {
        if (rc > 0)
            caio_jni_store_pairs(env, completions, comp, rc);
        return rc;
    }
    refused(env, eo, ops, rc, bad);
    return 0;
}

/* Returns how many completions were stored in `completions` (null: none
 * are collected, and they all go to the completion thread). */
jint JNICALL caio_jni_submit(JNIEnv *env, UNUSED jclass cls, jlong jface, jlong handle,
                             jobjectArray fds, jobjectArray buffers,
                             jlongArray params, jint count, jlongArray completions)
{
    const caio_engine_ops_t *eo;
    caio_engine_t *engine = caio_face_enter(env, jface, handle, &eo);
    if (engine == NULL)
        return 0;
    caio_op_t stack_ops[STACK_OPS];
    caio_op_t *ops = stack_ops;
    jint result = 0;
    int max = caio_head_of(engine)->max_requests;
    if (check_batch(env, max, fds, buffers, params, count) != 0)
        goto out;
    if (count > STACK_OPS) {
        ops = caio_malloc((size_t)count * sizeof(*ops));
        if (ops == NULL) {
            ops = stack_ops;
            caio_throw(env, CAIO_OOME, "cannot allocate a batch of %d operations", (int)count);
            goto out;
        }
    }
    if (read_batch(env, max, fds, buffers, params, count, ops) == 0)
        result = submit_batch(env, eo, engine, ops, count, completions);
out:
    if (ops != stack_ops)
        caio_free(ops);
    caio_engine_leave(engine);
    return result;
}

/* JniEngine.submitOne0: one op, its params as arguments, so that a single
 * call crosses no array.  Returns a completion the engine already has when
 * collect is set (perhaps another slot's), packed as CAIO_ONE_PACK, else
 * CAIO_ONE_NONE; anything with an exception pending. */
jlong JNICALL caio_jni_submit_one(JNIEnv *env, UNUSED jclass cls, jlong jface, jlong handle, jobject fd,
                                  jobject buffer, jlong slot, jlong kind, jlong offset, jlong index,
                                  jlong length, jboolean collect)
{
    const caio_engine_ops_t *eo;
    caio_engine_t *engine = caio_face_enter(env, jface, handle, &eo);
    if (engine == NULL)
        return CAIO_ONE_NONE;
    const jlong p[PARAMS_PER_OP] = {slot, kind, offset, index, length};
    caio_op_t op;
    jlong result = CAIO_ONE_NONE;
    if (read_op(env, caio_head_of(engine)->max_requests, fd, true, buffer, p, 0, &op) == 0) {
        caio_completion_t comp;
        int bad = -1;
        int rc = collect ? eo->submit_collect(engine, &op, 1, &bad, &comp, 1) : eo->submit(engine, &op, 1, &bad);
        if (rc < 0)
            refused(env, eo, &op, rc, bad);
        else if (rc > 0)
            result = CAIO_ONE_PACK(comp.slot, comp.result);
    }
    caio_engine_leave(engine);
    return result;
}
