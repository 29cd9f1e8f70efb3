package dev.caio.it;

import dev.caio.AsyncFileContext;
import dev.caio.CaioIOException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Child JVM for {@link FaultInjectionTest}: run under a low {@code RLIMIT_NOFILE}, exhausts descriptors, then creates
 * a context and does I/O (must fail cleanly or work, never crash), then frees them and checks it works again.
 * Prints one line per step; "NOT-CLEAN" marks a failure that is not a plain exception.
 */
public final class NofileChild {
    private NofileChild() {
    }

    public static void main(String[] args) throws Exception {
        String impl = args[0];
        byte[] payload = new byte[4096];
        Arrays.fill(payload, (byte) 0x5a);
        try (RandomAccessFile raf = new RandomAccessFile(args[1], "rw")) {
            raf.write(payload);
            // Warm up: load the library and every class the steps below need while descriptors are free.
            try (AsyncFileContext warm = AsyncFileContext.create(impl, 8)) {
                warm.write(payload, raf.getFD(), 0).get(30, TimeUnit.SECONDS);
                warm.read(4096, raf.getFD(), 0).get(30, TimeUnit.SECONDS);
                try {
                    warm.read(1, new java.io.FileDescriptor(), 0).get(30, TimeUnit.SECONDS);
                } catch (ExecutionException expected) {
                    // loads the failure path's classes
                }
            }
            AsyncFileContext before = AsyncFileContext.create(impl, 8);
            List<FileChannel> hoard = new ArrayList<>();
            try {
                while (hoard.size() < 100_000) {
                    hoard.add(FileChannel.open(Path.of("/dev/null"), StandardOpenOption.READ));
                }
            } catch (IOException e) {
                System.out.println("HOARD " + hoard.size() + " " + e.getMessage());
            }
            // No lambdas or new classes from here on: loading a class may itself need a descriptor.
            String what = "context created before exhaustion, I/O during it";
            try {
                io(before, raf);
                System.out.println(what + ": ok");
            } catch (Exception e) {
                System.out.println(what + ": failed cleanly: " + e);
            } catch (Throwable t) {
                System.out.println(what + ": NOT-CLEAN " + t);
            }
            what = "create during exhaustion";
            try (AsyncFileContext ctx = AsyncFileContext.create(impl, 8)) {
                System.out.println("  created " + ctx);
                io(ctx, raf);
                System.out.println(what + ": ok");
            } catch (Exception e) {
                System.out.println(what + ": failed cleanly: " + e);
            } catch (Throwable t) {
                System.out.println(what + ": NOT-CLEAN " + t);
            }
            for (FileChannel c : hoard) {
                c.close();
            }
            before.close();
            try (AsyncFileContext ctx = AsyncFileContext.create(impl, 8)) {
                byte[] got = ctx.read(4096, raf.getFD(), 0).get(30, TimeUnit.SECONDS);
                System.out.println(Arrays.equals(got, payload) ? "AFTER ok" : "AFTER wrong data");
            }
        }
        System.exit(0);
    }

    private static void io(AsyncFileContext ctx, RandomAccessFile raf) throws Exception {
        CompletableFuture<byte[]> f = ctx.read(4096, raf.getFD(), 0);
        try {
            System.out.println("  read " + f.get(30, TimeUnit.SECONDS).length + " bytes");
        } catch (ExecutionException e) {
            System.out.println("  read failed: " + e.getCause()
                    + (e.getCause() instanceof CaioIOException ? "" : " NOT-CLEAN"));
        }
    }
}
