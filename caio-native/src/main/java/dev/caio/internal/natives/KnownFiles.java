package dev.caio.internal.natives;

import java.io.FileDescriptor;
import java.lang.ref.WeakReference;

/**
 * Descriptors known to take positional I/O, so that an engine which must ask the kernel before it hands a read or
 * write to io_uring or AIO (both ignore offsets on pipes and sockets, where {@code pread} fails with {@code ESPIPE})
 * asks once per file instead of once per operation.
 *
 * <p>Keyed by the {@link FileDescriptor} object, not the number: an object names one open file for its whole life
 * (closing it makes it invalid), so an entry cannot go stale the way a number can once it is reused. An operation
 * that transferred bytes through an engine's check proves its descriptor. Entries are weak, so the cache never keeps
 * a descriptor alive, and written without locks: a lost or overwritten entry only costs one more check.
 */
final class PositionalFiles {
    /** Direct-mapped; a context serves a few files at a time, and a collision costs only one more check. */
    private static final int SIZE = 16;

    private final WeakReference<?>[] known = new WeakReference<?>[SIZE];

    /** Whether {@code fd} is known to take positional I/O. */
    boolean contains(FileDescriptor fd) {
        WeakReference<?> r = known[System.identityHashCode(fd) & (SIZE - 1)];
        return r != null && r.get() == fd;
    }

    /** Records that a read or write of {@code fd} went through the engine's check. */
    void add(FileDescriptor fd) {
        int i = System.identityHashCode(fd) & (SIZE - 1);
        WeakReference<?> r = known[i];
        if (r == null || r.get() != fd) {
            known[i] = new WeakReference<>(fd);
        }
    }
}
