package dev.caio.nio;

import dev.caio.nio.Differential.Named;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/** The calls the differential suite makes, each with a name that says what it does. */
final class Steps {
    private Steps() {
    }

    /** What a read gave: the count and the bytes that landed in the buffer. */
    private static String got(int n, ByteBuffer b) {
        return n + " " + Arrays.toString(Arrays.copyOf(b.array(), b.position()));
    }

    static Named<FileChannel> readAt(int n, long pos) {
        return new Named<>("read(" + n + " @ " + pos + ")", ch -> {
            ByteBuffer b = ByteBuffer.allocate(n);
            return got(ch.read(b, pos), b);
        });
    }

    static Named<FileChannel> readDirectAt(int n, long pos) {
        return new Named<>("read(direct " + n + " @ " + pos + ")", ch -> {
            ByteBuffer b = ByteBuffer.allocateDirect(n);
            int r = ch.read(b, pos);
            byte[] a = new byte[b.position()];
            b.flip().get(a);
            return r + " " + Arrays.toString(a);
        });
    }

    static Named<FileChannel> readAlignedAt(int n, long pos) {
        return new Named<>("read(aligned " + n + " @ " + pos + ")", ch -> {
            ByteBuffer b = AsyncSteps.aligned(n);
            int r = ch.read(b, pos);
            byte[] a = new byte[b.position()];
            b.flip().get(a);
            return r + " " + Arrays.toString(a);
        });
    }

    static Named<FileChannel> writeAlignedAt(int n, long pos, int seed) {
        return new Named<>("write(aligned " + n + " @ " + pos + ")",
                ch -> ch.write(AsyncSteps.aligned(n).put(AsyncSteps.pattern(n, seed)).flip(), pos));
    }

    static Named<FileChannel> read(int n) {
        return new Named<>("read(" + n + ")", ch -> {
            ByteBuffer b = ByteBuffer.allocate(n);
            return got(ch.read(b), b);
        });
    }

    static Named<FileChannel> readInto(ByteBuffer target, String what) {
        return new Named<>("read(" + what + ")", ch -> ch.read(target.duplicate(), 0));
    }

    static Named<FileChannel> scatter(int... sizes) {
        return new Named<>("read(scatter " + Arrays.toString(sizes) + ")", ch -> {
            ByteBuffer[] bs = new ByteBuffer[sizes.length];
            for (int i = 0; i < sizes.length; i++) {
                bs[i] = ByteBuffer.allocate(sizes[i]);
            }
            long n = ch.read(bs);
            StringBuilder s = new StringBuilder().append(n);
            for (ByteBuffer b : bs) {
                s.append(' ').append(Arrays.toString(Arrays.copyOf(b.array(), b.position())));
            }
            return s.toString();
        });
    }

    static Named<FileChannel> writeAt(int n, long pos, int seed) {
        return new Named<>("write(" + n + " @ " + pos + ")", ch -> ch.write(ByteBuffer.wrap(AsyncSteps.pattern(n, seed)), pos));
    }

    static Named<FileChannel> write(int n, int seed) {
        return new Named<>("write(" + n + ")", ch -> ch.write(ByteBuffer.wrap(AsyncSteps.pattern(n, seed))));
    }

    static Named<FileChannel> writeDirect(int n, int seed) {
        return new Named<>("write(direct " + n + ")", ch -> {
            ByteBuffer b = ByteBuffer.allocateDirect(n).put(AsyncSteps.pattern(n, seed)).flip();
            return ch.write(b);
        });
    }

    static Named<FileChannel> gather(int... sizes) {
        return new Named<>("write(gather " + Arrays.toString(sizes) + ")", ch -> {
            ByteBuffer[] bs = new ByteBuffer[sizes.length];
            for (int i = 0; i < sizes.length; i++) {
                bs[i] = ByteBuffer.wrap(AsyncSteps.pattern(sizes[i], i));
            }
            return ch.write(bs);
        });
    }

    static Named<FileChannel> position(long p) {
        return new Named<>("position(" + p + ")", ch -> ch.position(p));
    }

    static Named<FileChannel> truncate(long size) {
        return new Named<>("truncate(" + size + ")", ch -> ch.truncate(size));
    }

    static Named<FileChannel> force(boolean meta) {
        return new Named<>("force(" + meta + ")", ch -> {
            ch.force(meta);
            return "ok";
        });
    }

    static Named<FileChannel> size() {
        return new Named<>("size()", FileChannel::size);
    }

    static Named<FileChannel> close() {
        return new Named<>("close()", ch -> {
            ch.close();
            return "ok";
        });
    }

    /** The call made by a thread whose interrupt status is set: the JDK closes the channel and says so. */
    static Named<FileChannel> interrupted(Named<FileChannel> inner) {
        return new Named<>("interrupted " + inner, ch -> {
            Thread.currentThread().interrupt();
            try {
                return inner.step().apply(ch);
            } finally {
                Thread.interrupted();
            }
        });
    }
}
