package dev.caio.internal.natives;

import java.io.FileDescriptor;
import java.lang.ref.WeakReference;

/**
 * Descriptors known to have one property that costs a system call to learn, so that a context asks once per file
 * instead of once per operation: that a descriptor takes positional I/O (io_uring and AIO ignore offsets on pipes and
 * sockets, where {@code pread} fails with {@code ESPIPE}), that its reads can be served now ({@code readNow}), or that
 * they never can.
 *
 * <p>Keyed by the {@link FileDescriptor} object, not the number: an object names one open file for its whole life
 * (closing it makes it invalid), so an entry cannot go stale the way a number can once it is reused. Entries are weak,
 * so the cache never keeps a descriptor alive, and written without locks: a lost or overwritten entry only costs one
 * more check.
 */
final class KnownFiles {
    /** Direct-mapped; a context serves a few files at a time, and a collision costs only one more check. */
    private static final int SIZE = 16;

    private final WeakReference<?>[] known = new WeakReference<?>[SIZE];

    /** Whether {@code fd} is known to have the property. */
    boolean contains(FileDescriptor fd) {
        WeakReference<?> r = known[System.identityHashCode(fd) & (SIZE - 1)];
        return r != null && r.get() == fd;
    }

    /** Records that {@code fd} has the property. */
    void add(FileDescriptor fd) {
        int i = System.identityHashCode(fd) & (SIZE - 1);
        WeakReference<?> r = known[i];
        if (r == null || r.get() != fd) {
            known[i] = new WeakReference<>(fd);
        }
    }
}
