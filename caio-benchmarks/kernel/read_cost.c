/*
 * read_cost.c - what one cached 4 KiB random read costs the kernel, per
 * system interface, with no JVM and no caio in the way.  It answers one
 * question: can an io_uring backend copy page-cache hits with less CPU than
 * a backend that calls preadv2(RWF_NOWAIT) on the same two cores?
 *
 *   gcc -O2 -Wall -Wextra -pthread -o /tmp/read_cost caio-benchmarks/kernel/read_cost.c
 *   /tmp/read_cost FILE MODE [THREADS] [CHUNK]
 *
 * FILE is read at random 4 KiB-aligned offsets in its first 256 MiB, which
 * the program reads through once first to cache it.  MODE:
 *   pread       pread(2), what FileChannel does (it may block on a miss)
 *   preadv2     preadv2(2) with RWF_NOWAIT, what caio-thread does inline
 *   uring       IORING_OP_READ, CHUNK SQEs per io_uring_enter (default 3,
 *               caio-uring's chunk), reaped from the mapped CQ
 *   uring-tuned the same with every per-request saving this kernel offers:
 *               a registered file, a registered buffer (READ_FIXED), a
 *               registered ring fd, SINGLE_ISSUER and NO_SQARRAY; the
 *               environment variable TUNE (a comma list of files, bufs,
 *               ringfd, issuer, sqarray) keeps only the savings it names,
 *               to weigh each one
 * THREADS (default 1) run the same loop on the same fd at once, each with
 * its own ring.  Prints ns per read per thread, and how many preadv2 reads
 * found their page evicted (EAGAIN; then read again with pread, as
 * caio-thread's workers would): a kernel that reclaims page cache on its
 * own (DAMON) can do that mid-run.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/io_uring.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#ifndef IORING_SETUP_SINGLE_ISSUER
#define IORING_SETUP_SINGLE_ISSUER (1U << 12)
#endif
#ifndef IORING_SETUP_NO_SQARRAY
#define IORING_SETUP_NO_SQARRAY (1U << 16)
#endif
#ifndef IORING_REGISTER_RING_FDS
#define IORING_REGISTER_RING_FDS 20
#endif
#ifndef IORING_ENTER_REGISTERED_RING
#define IORING_ENTER_REGISTERED_RING (1U << 4)
#endif

#define READS 2000000L
#define BLOCK 4096
#define SPAN (256L << 20)
#define MAX_CHUNK 64

enum mode { PREAD, PREADV2, URING, URING_TUNED };

static int fd;
static enum mode mode;
static int chunk = 3;
static _Atomic long misses;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static off_t next_offset(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return (off_t)((*seed >> 4) % (SPAN / BLOCK)) * BLOCK;
}

static void die(const char *what, long rc)
{
    fprintf(stderr, "%s: %s\n", what, strerror(rc < 0 ? (int)-rc : errno));
    exit(1);
}

static void run_sync(char *buf, unsigned seed)
{
    for (long i = 0; i < READS; i++) {
        off_t off = next_offset(&seed);
        ssize_t n;
        if (mode == PREAD) {
            n = pread(fd, buf, BLOCK, off);
        } else {
            struct iovec v = {buf, BLOCK};
            n = preadv2(fd, &v, 1, off, RWF_NOWAIT);
            if (n < 0 && errno == EAGAIN) {
                misses++;
                n = pread(fd, buf, BLOCK, off);
            }
        }
        if (n != BLOCK)
            die("read", n < 0 ? -errno : -EIO);
    }
}

/* Whether the comma list names this saving; no list keeps them all. */
static int want(const char *only, const char *name)
{
    if (only == NULL)
        return 1;
    size_t n = strlen(name);
    for (const char *s = only; (s = strstr(s, name)) != NULL; s += n)
        if ((s == only || s[-1] == ',') && (s[n] == ',' || s[n] == '\0'))
            return 1;
    return 0;
}

static void run_uring(char *buf, unsigned seed)
{
    int tuned = mode == URING_TUNED;
    const char *only = getenv("TUNE");
    int files = tuned && want(only, "files"), bufs = tuned && want(only, "bufs");
    int ringfd = tuned && want(only, "ringfd"), no_array = tuned && want(only, "sqarray");
    struct io_uring_params p;
    memset(&p, 0, sizeof(p));
    if (tuned && want(only, "issuer"))
        p.flags |= IORING_SETUP_SINGLE_ISSUER;
    if (no_array)
        p.flags |= IORING_SETUP_NO_SQARRAY;
    int ring = (int)syscall(__NR_io_uring_setup, 2 * MAX_CHUNK, &p);
    if (ring < 0)
        die("io_uring_setup", -errno);
    size_t sq_len = p.sq_off.array + p.sq_entries * sizeof(unsigned);
    size_t cq_len = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
    char *sq = mmap(NULL, sq_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, ring, IORING_OFF_SQ_RING);
    char *cq = mmap(NULL, cq_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, ring, IORING_OFF_CQ_RING);
    struct io_uring_sqe *sqes = mmap(NULL, p.sq_entries * sizeof(*sqes), PROT_READ | PROT_WRITE,
                                     MAP_SHARED | MAP_POPULATE, ring, IORING_OFF_SQES);
    if (sq == MAP_FAILED || cq == MAP_FAILED || sqes == MAP_FAILED)
        die("mmap", -errno);
    unsigned *sq_tail = (unsigned *)(sq + p.sq_off.tail);
    unsigned sq_mask = *(unsigned *)(sq + p.sq_off.ring_mask);
    unsigned *cq_head = (unsigned *)(cq + p.cq_off.head);
    unsigned *cq_tail = (unsigned *)(cq + p.cq_off.tail);
    unsigned cq_mask = *(unsigned *)(cq + p.cq_off.ring_mask);
    const struct io_uring_cqe *cqes = (const struct io_uring_cqe *)(cq + p.cq_off.cqes);
    if (!no_array) {
        unsigned *array = (unsigned *)(sq + p.sq_off.array);
        for (unsigned i = 0; i < p.sq_entries; i++)
            array[i] = i;
    }
    int enter_fd = ring, file = fd;
    unsigned enter_flags = 0;
    if (files) {
        long rc = syscall(__NR_io_uring_register, ring, IORING_REGISTER_FILES, &file, 1);
        if (rc < 0)
            die("IORING_REGISTER_FILES", -errno);
        file = 0;
    }
    if (bufs) {
        struct iovec v = {buf, (size_t)MAX_CHUNK * BLOCK};
        if (syscall(__NR_io_uring_register, ring, IORING_REGISTER_BUFFERS, &v, 1) < 0)
            die("IORING_REGISTER_BUFFERS", -errno);
    }
    if (ringfd) {
        struct io_uring_rsrc_update u = {.offset = -1U, .data = (unsigned long)ring};
        if (syscall(__NR_io_uring_register, ring, IORING_REGISTER_RING_FDS, &u, 1) != 1)
            die("IORING_REGISTER_RING_FDS", -errno);
        enter_fd = (int)u.offset;
        enter_flags = IORING_ENTER_REGISTERED_RING;
    }
    unsigned tail = 0;
    for (long i = 0; i < READS; i += chunk) {
        for (int k = 0; k < chunk; k++, tail++) {
            struct io_uring_sqe *e = &sqes[tail & sq_mask];
            memset(e, 0, sizeof(*e));
            e->opcode = bufs ? IORING_OP_READ_FIXED : IORING_OP_READ;
            e->flags = files ? IOSQE_FIXED_FILE : 0;
            e->fd = file;
            e->addr = (unsigned long)(buf + (size_t)k * BLOCK);
            e->len = BLOCK;
            e->off = (unsigned long long)next_offset(&seed);
        }
        __atomic_store_n(sq_tail, tail, __ATOMIC_RELEASE);
        /* Cached reads complete inside this call; wait for stragglers. */
        long rc = syscall(__NR_io_uring_enter, enter_fd, chunk, chunk, enter_flags | IORING_ENTER_GETEVENTS, NULL, 0);
        if (rc != chunk)
            die("io_uring_enter", rc < 0 ? -errno : -EIO);
        unsigned head = *cq_head, end = __atomic_load_n(cq_tail, __ATOMIC_ACQUIRE);
        for (; head != end; head++) {
            const struct io_uring_cqe *c = &cqes[head & cq_mask];
            if (c->res != BLOCK)
                die("read", c->res < 0 ? c->res : -EIO);
        }
        __atomic_store_n(cq_head, head, __ATOMIC_RELEASE);
    }
    close(ring);
}

static void *reader(void *arg)
{
    char *buf = aligned_alloc(BLOCK, (size_t)MAX_CHUNK * BLOCK);
    if (buf == NULL)
        die("aligned_alloc", -ENOMEM);
    unsigned seed = (unsigned)(uintptr_t)arg * 7919u + 1u;
    if (mode == PREAD || mode == PREADV2)
        run_sync(buf, seed);
    else
        run_uring(buf, seed);
    free(buf);
    return NULL;
}

int main(int argc, char **argv)
{
    static const char *names[] = {"pread", "preadv2", "uring", "uring-tuned"};
    if (argc < 3) {
        fprintf(stderr, "usage: %s FILE pread|preadv2|uring|uring-tuned [THREADS] [CHUNK]\n", argv[0]);
        return 2;
    }
    mode = (enum mode)-1;
    for (int m = 0; m < 4; m++)
        if (strcmp(argv[2], names[m]) == 0)
            mode = (enum mode)m;
    int threads = argc > 3 ? atoi(argv[3]) : 1;
    if (argc > 4)
        chunk = atoi(argv[4]);
    if ((int)mode < 0 || threads < 1 || threads > 64 || chunk < 1 || chunk > MAX_CHUNK) {
        fprintf(stderr, "bad mode, THREADS (1-64) or CHUNK (1-%d)\n", MAX_CHUNK);
        return 2;
    }
    if ((fd = open(argv[1], O_RDONLY)) < 0)
        die(argv[1], -errno);
    static char warm[1 << 20];
    for (off_t off = 0; off < SPAN; off += sizeof(warm))
        if (pread(fd, warm, sizeof(warm), off) != (ssize_t)sizeof(warm))
            die("FILE must hold 256 MiB", -EINVAL);
    pthread_t t[64];
    double start = now();
    for (int i = 0; i < threads; i++)
        pthread_create(&t[i], NULL, reader, (void *)(uintptr_t)i);
    for (int i = 0; i < threads; i++)
        pthread_join(t[i], NULL);
    double elapsed = now() - start;
    printf("%-11s threads=%d chunk=%-2d %4.0f ns per read per thread, %.2fM reads/s", names[mode], threads,
           mode >= URING ? chunk : 1, elapsed * 1e9 / READS, threads * READS / elapsed / 1e6);
    printf(mode == PREADV2 ? ", %ld evicted\n" : "\n", (long)misses);
    return 0;
}
