package dev.caio.it;

import dev.caio.AsyncFileContext;
import dev.caio.CaioIOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Child JVM for {@link ReliabilityTest}, run with a small {@code -XX:MaxDirectMemorySize}: on a context with one slot,
 * a heap read bigger than the direct memory limit must fail alone with {@code ENOMEM} and give its slot back. Prints
 * one line per implementation and step; "BAD" marks a failure.
 */
public final class StagingChild {
    private StagingChild() {
    }

    public static void main(String[] args) throws Exception {
        int huge = Integer.parseInt(args[1]);
        try (RandomAccessFile raf = new RandomAccessFile(args[0], "rw")) {
            raf.write(new byte[4096]);
            for (int i = 2; i < args.length; i++) {
                String impl = args[i];
                try (AsyncFileContext ctx = AsyncFileContext.create(impl, 1)) {
                    step(impl, "bytes", () -> ctx.read(huge, raf.getFD(), 0).get(30, TimeUnit.SECONDS));
                    step(impl, "heap-buffer", () -> ctx.read(ByteBuffer.allocate(huge), raf.getFD(), 0)
                            .get(30, TimeUnit.SECONDS));
                    step(impl, "heap-write", () -> ctx.write(new byte[huge], raf.getFD(), 8192)
                            .get(30, TimeUnit.SECONDS));
                    byte[] after = ctx.read(4096, raf.getFD(), 0).get(30, TimeUnit.SECONDS);
                    System.out.println(impl + " AFTER " + (after.length == 4096 ? "ok" : "BAD " + after.length));
                } catch (Throwable t) {
                    System.out.println(impl + " BAD " + t);
                }
            }
        }
    }

    private interface Step {
        Object run() throws Exception;
    }

    private static void step(String impl, String what, Step s) {
        try {
            Object v = s.run();
            System.out.println(impl + " " + what + " BAD: no failure, gave " + v);
        } catch (ExecutionException e) {
            boolean enomem = e.getCause() instanceof CaioIOException c && c.errnoName().equals("ENOMEM");
            System.out.println(impl + " " + what + (enomem ? " ENOMEM " : " BAD ") + e.getCause().getMessage());
        } catch (Throwable t) {
            System.out.println(impl + " " + what + " BAD thrown " + t);
        }
    }
}
