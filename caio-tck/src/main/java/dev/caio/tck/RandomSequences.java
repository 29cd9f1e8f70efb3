package dev.caio.tck;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * A property over random cases (typically call sequences), each drawn from its own seed so that any failure is
 * reproducible, and shrunk before it is reported: the reported case is the smallest the {@code smaller} function
 * leads to that still fails. caio's own model and differential tests use it; a backend author can use it for their own.
 *
 * <p>System properties: {@code caio.tries} overrides the number of tries; {@code caio.seed} fixes the first try's
 * seed (try {@code k} uses seed + k), so {@code -Dcaio.seed=S -Dcaio.tries=1} reruns exactly the try a failure names.
 *
 * <p><b>Threading.</b> {@link #check} runs every try and every shrinking step on the calling thread.
 */
public final class RandomSequences {
    /** At most this many candidate cases are tried while shrinking, so a slow property still ends. */
    private static final int SHRINK_BUDGET = 400;

    private RandomSequences() {
    }

    /**
     * A property of one case: it holds when this returns, and fails by throwing.
     *
     * @param <C> the type of a case
     */
    @FunctionalInterface
    public interface Property<C> {
        /**
         * Checks {@code c}.
         *
         * @param c the case
         * @throws Exception (or an {@link AssertionError}) when the property does not hold
         */
        void check(C c) throws Exception;
    }

    /**
     * Checks {@code property} on {@code tries} cases drawn by {@code generate}; the first failing case is shrunk
     * through {@code smaller} and reported.
     *
     * @param tries    the number of cases, unless the {@code caio.tries} system property says otherwise
     * @param generate draws one case from a {@link Random} seeded for that try
     * @param smaller  the candidate cases one step smaller than a case (none when it is minimal); see
     *                 {@link #withoutChunks}
     * @param property the property
     * @param <C>      the case type; its {@code toString()} is what a failure shows
     * @throws AssertionError naming the seed, the shrunk case and the original one, with the shrunk case's failure
     *                        as its cause
     */
    public static <C> void check(int tries, Function<Random, C> generate, Function<C, List<C>> smaller,
                                 Property<C> property) {
        long first = Long.getLong("caio.seed", new Random().nextLong());
        int n = Integer.getInteger("caio.tries", tries);
        for (int k = 0; k < n; k++) {
            long seed = first + k;
            C c = generate.apply(new Random(seed));
            Throwable failure = failure(property, c);
            if (failure != null) {
                report(seed, c, smaller, property, failure);
            }
        }
    }

    private static <C> void report(long seed, C original, Function<C, List<C>> smaller, Property<C> property,
                                   Throwable failure) {
        C shrunk = original;
        int budget = SHRINK_BUDGET;
        boolean progress = true;
        while (progress && budget > 0) {
            progress = false;
            for (C candidate : smaller.apply(shrunk)) {
                if (budget-- <= 0) {
                    break;
                }
                Throwable f = failure(property, candidate);
                if (f != null) {
                    shrunk = candidate;
                    failure = f;
                    progress = true;
                    break;
                }
            }
        }
        throw new AssertionError("property failed with seed " + seed + " (rerun: -Dcaio.seed=" + seed
                + " -Dcaio.tries=1)\nshrunk case: " + shrunk + "\noriginal case: " + original, failure);
    }

    private static <C> Throwable failure(Property<C> property, C c) {
        try {
            property.check(c);
            return null;
        } catch (Exception | AssertionError e) {
            return e;
        }
    }

    /**
     * The lists one step smaller than {@code list}: without one half, then without each quarter, and so on down to
     * without each single element (larger cuts first, so shrinking takes few steps).
     *
     * @param list a list, not changed
     * @param <T>  its element type
     * @return new lists, each missing one contiguous chunk of {@code list}; empty when {@code list} is
     */
    public static <T> List<List<T>> withoutChunks(List<T> list) {
        List<List<T>> out = new ArrayList<>();
        for (int size = Math.max(1, list.size() / 2); size >= 1; size = size == 1 ? 0 : Math.max(1, size / 2)) {
            for (int from = 0; from < list.size(); from += size) {
                List<T> cut = new ArrayList<>(list.subList(0, from));
                cut.addAll(list.subList(Math.min(list.size(), from + size), list.size()));
                out.add(cut);
            }
        }
        return out;
    }
}
