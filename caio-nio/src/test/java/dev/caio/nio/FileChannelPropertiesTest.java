package dev.caio.nio;

import static dev.caio.nio.Differential.options;
import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import dev.caio.nio.Differential.Named;
import dev.caio.tck.RandomSequences;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random call sequences on the JDK's {@code FileChannel} and on {@link CaioFileChannel}, on every implementation
 * available here; a difference is shrunk to a shortest sequence that shows it ({@link RandomSequences}).
 */
@ExtendWith(Contexts.class)
class FileChannelPropertiesTest {
    private static final List<Set<OpenOption>> OPENED = List.of(options(READ, WRITE), options(READ), options(WRITE),
            options(APPEND), options(WRITE, APPEND));

    @TempDir
    static Path dir;

    /** One try: the file's initial size, how it is opened, and the calls. */
    record Case(int initial, Set<OpenOption> opened, List<Named<FileChannel>> steps) {
    }

    @Test
    void anyCallSequenceBehavesAsTheJdks() {
        RandomSequences.check(60, FileChannelPropertiesTest::draw,
                c -> RandomSequences.withoutChunks(c.steps()).stream()
                        .map(s -> new Case(c.initial(), c.opened(), s)).toList(),
                FileChannelPropertiesTest::sameAsJdk);
    }

    private static void sameAsJdk(Case c) throws Exception {
        byte[] content = new byte[c.initial()];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 13 + 5);
        }
        for (String impl : Contexts.implementations()) {
            Differential.Result r = Differential.run(Differential.FILE_CHANNEL, Contexts.of(impl), dir, content,
                    c.opened(), c.steps());
            if (!r.same()) {
                throw new AssertionError(impl + " differs from the JDK:\n" + r.diff());
            }
        }
    }

    private static Case draw(Random r) {
        List<Named<FileChannel>> steps = new ArrayList<>();
        for (int i = r.nextInt(13); i > 0; i--) {
            steps.add(step(r));
        }
        return new Case(r.nextInt(9001), OPENED.get(r.nextInt(OPENED.size())), steps);
    }

    private static Named<FileChannel> step(Random r) {
        return switch (r.nextInt(10)) {
            case 0 -> Steps.readAt(len(r), pos(r));
            case 1 -> Steps.read(len(r));
            case 2 -> Steps.writeAt(len(r), pos(r), r.nextInt(101));
            case 3 -> Steps.write(len(r), r.nextInt(101));
            case 4 -> Steps.position(pos(r));
            case 5 -> Steps.truncate(pos(r));
            case 6 -> Steps.scatter(parts(r));
            case 7 -> Steps.gather(parts(r));
            case 8 -> Steps.force(r.nextBoolean());
            default -> Steps.size();
        };
    }

    private static int len(Random r) {
        return r.nextInt(9001);
    }

    private static long pos(Random r) {
        return r.nextInt(12002) - 1L;
    }

    private static int[] parts(Random r) {
        int[] out = new int[r.nextInt(5)];
        for (int i = 0; i < out.length; i++) {
            out[i] = r.nextInt(3001);
        }
        return out;
    }
}
