package dev.caio.internal.natives;

import com.google.auto.service.AutoService;
import dev.caio.internal.Diagnostics;
import dev.caio.spi.DirectFileSupport;
import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * {@link DirectFileSupport} through whichever caio native library loads here: each of them carries these natives
 * (caio_file_jni.c), so {@code DirectFile} needs no particular backend. A library a backend loaded already is used
 * first; otherwise they are tried in order. Thread-safe.
 *
 * <p>Loading happens on first use, in {@code Loaded}, never when this class initializes: a library's
 * {@code JNI_OnLoad} registers these natives, which initializes this class, and loading from there would load the
 * library a second time (two copies, each with its own state).
 */
@AutoService(DirectFileSupport.class)
public final class NativeDirectFiles implements DirectFileSupport {
    /** The libraries that carry the natives, in the order tried. */
    private static final List<String> LIBRARIES = List.of("caio_uring", "caio_linux", "caio_thread");

    /** Creates the provider; loading happened (once) when the class initialized. */
    public NativeDirectFiles() {
    }

    /** The outcome of loading, decided by the first caller that needs it. */
    private static final class Loaded {
        static final Throwable CAUSE = load();
    }

    private static Throwable load() {
        for (String name : LIBRARIES) {
            if (NativeLibraryLoader.origin(name) != null) {
                return check(name);
            }
        }
        UnsatisfiedLinkError failures = new UnsatisfiedLinkError("no caio native library loads here"
                + Diagnostics.link("direct-file-needs-native"));
        for (String name : LIBRARIES) {
            try {
                NativeLibraryLoader.load(name, NativeDirectFiles.class);
                return check(name);
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                failures.addSuppressed(e);
            }
        }
        return failures;
    }

    private static Throwable check(String name) {
        try {
            NativeLibraryLoader.checkVersion(name, NativeDirectFiles::version);
            return null;
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return e;
        }
    }

    @Override
    public boolean isAvailable() {
        return Loaded.CAUSE == null;
    }

    @Override
    public Throwable unavailabilityCause() {
        return Loaded.CAUSE;
    }

    @Override
    public FileDescriptor open(Path path, boolean write, boolean create, boolean truncate, boolean dsync,
            boolean sync) throws IOException {
        Objects.requireNonNull(path, "path");
        return open0(path.toString(), write, create, truncate, dsync, sync);
    }

    @Override
    public int alignment(FileDescriptor fd) throws IOException {
        return alignment0(Objects.requireNonNull(fd, "fd"));
    }

    @Override
    public void close(FileDescriptor fd) throws IOException {
        close0(Objects.requireNonNull(fd, "fd"));
    }

    @Override
    public FileDescriptor descriptorOf(FileChannel channel) {
        return descriptorOf0(Objects.requireNonNull(channel, "channel"));
    }

    @Override
    public int descriptorNumber(FileDescriptor fd) {
        return number0(Objects.requireNonNull(fd, "fd"));
    }

    private static native FileDescriptor descriptorOf0(Object channel);

    private static native int number0(Object fd);

    private static native FileDescriptor open0(String path, boolean write, boolean create, boolean truncate,
            boolean dsync, boolean sync) throws IOException;

    private static native int alignment0(FileDescriptor fd) throws IOException;

    private static native void close0(FileDescriptor fd) throws IOException;

    private static native String version();
}
