package dev.caio.nio;

import static dev.caio.nio.Differential.options;
import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import dev.caio.AsyncFileContext;
import dev.caio.nio.Differential.Named;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random call sequences (jqwik) on the JDK's {@code FileChannel} and on {@link CaioFileChannel}, on every
 * implementation available here; jqwik shrinks any difference to a shortest sequence that shows it.
 */
class FileChannelPropertiesTest {
    private static final Map<String, AsyncFileContext> CONTEXTS = new HashMap<>();
    private static Path dir;

    @BeforeContainer
    static void setUp() throws IOException {
        dir = Files.createTempDirectory("caio-nio-props");
        for (String impl : Differential.available()) {
            CONTEXTS.put(impl, AsyncFileContext.create(impl, 16));
        }
    }

    @AfterContainer
    static void tearDown() throws IOException {
        CONTEXTS.values().forEach(AsyncFileContext::close);
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }

    @Property(tries = 60)
    void anyCallSequenceBehavesAsTheJdks(@ForAll("initialSize") int initial, @ForAll("opened") Set<OpenOption> opts,
                                         @ForAll("sequences") List<Named> steps) throws IOException {
        byte[] content = new byte[initial];
        for (int i = 0; i < initial; i++) {
            content[i] = (byte) (i * 13 + 5);
        }
        for (Map.Entry<String, AsyncFileContext> e : CONTEXTS.entrySet()) {
            Differential.Result r = Differential.run(e.getValue(), dir, content, opts, steps);
            if (!r.same()) {
                throw new AssertionError(e.getKey() + " differs from the JDK:\n" + r.diff());
            }
        }
    }

    @Provide
    Arbitrary<Integer> initialSize() {
        return Arbitraries.integers().between(0, 9000);
    }

    @Provide
    Arbitrary<Set<OpenOption>> opened() {
        return Arbitraries.of(options(READ, WRITE), options(READ), options(WRITE), options(APPEND),
                options(WRITE, APPEND));
    }

    @Provide
    Arbitrary<List<Named>> sequences() {
        Arbitrary<Integer> len = Arbitraries.integers().between(0, 9000);
        Arbitrary<Long> pos = Arbitraries.longs().between(-1, 12000);
        Arbitrary<Integer> seed = Arbitraries.integers().between(0, 100);
        Arbitrary<Named> step = Arbitraries.oneOf(
                Combinators.combine(len, pos).as(Steps::readAt),
                len.map(Steps::read),
                Combinators.combine(len, pos, seed).as(Steps::writeAt),
                Combinators.combine(len, seed).as(Steps::write),
                pos.map(Steps::position),
                pos.map(Steps::truncate),
                Arbitraries.integers().between(0, 3000).list().ofMaxSize(4)
                        .map(l -> Steps.scatter(l.stream().mapToInt(Integer::intValue).toArray())),
                Arbitraries.integers().between(0, 3000).list().ofMaxSize(4)
                        .map(l -> Steps.gather(l.stream().mapToInt(Integer::intValue).toArray())),
                Arbitraries.of(true, false).map(Steps::force),
                Arbitraries.just(Steps.size()));
        return step.list().ofMaxSize(12).map(ArrayList::new);
    }
}
