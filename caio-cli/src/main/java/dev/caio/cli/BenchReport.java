package dev.caio.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Everything one {@code caio bench} run found, and the comparisons drawn from it: each result against each baseline
 * of the same case, and against the best fio engine of the same case.
 *
 * @param results every case measured, implementations and baselines
 * @param baselines names of the baselines that ran, in order
 * @param fio every fio job run
 * @param notes remarks for the reader, such as a baseline skipped
 */
public record BenchReport(List<BenchResult> results, List<String> baselines, List<FioResult> fio,
                          List<String> notes) {

    /**
     * The names of everything measured ({@link BenchCase#name()}: an implementation with its shape, or a baseline), in
     * order of first appearance.
     */
    public List<String> targets() {
        List<String> names = new ArrayList<>();
        results.forEach(r -> {
            if (!names.contains(r.benchCase().name())) {
                names.add(r.benchCase().name());
            }
        });
        return names;
    }

    /** The results of {@code target}, a {@link BenchCase#name()}, in the order they ran. */
    public List<BenchResult> resultsOf(String target) {
        return results.stream().filter(r -> r.benchCase().name().equals(target)).toList();
    }

    /** {@code r}'s ops/s divided by those of {@code baseline} on the same case, if that ran. */
    public OptionalDouble ratio(BenchResult r, String baseline) {
        return results.stream()
                .filter(b -> b.benchCase().implementation().equals(baseline) && b.benchCase().key()
                        .equals(r.benchCase().key()) && b.opsPerSecond() > 0)
                .mapToDouble(b -> r.opsPerSecond() / b.opsPerSecond()).findFirst();
    }

    /** The best fio engine for {@code key}, if fio ran and succeeded there. */
    public java.util.Optional<FioResult> bestFio(BenchCase.Key key) {
        return fio.stream().filter(f -> f.ok() && f.key().equals(key))
                .max(java.util.Comparator.comparingDouble(FioResult::iops));
    }

    /** {@code r}'s ops/s divided by the best fio engine's IOPS on the same case. */
    public OptionalDouble ratioToFio(BenchResult r) {
        return bestFio(r.benchCase().key()).filter(f -> f.iops() > 0)
                .map(f -> OptionalDouble.of(r.opsPerSecond() / f.iops())).orElse(OptionalDouble.empty());
    }

    /** Every ratio of {@code r}: one per baseline that ran on its case (keyed by name), then {@code fio} if any. */
    public Map<String, Double> ratios(BenchResult r) {
        Map<String, Double> ratios = new LinkedHashMap<>();
        for (String b : baselines) {
            if (!b.equals(r.benchCase().implementation())) {
                ratio(r, b).ifPresent(v -> ratios.put(b, v));
            }
        }
        ratioToFio(r).ifPresent(v -> ratios.put("fio", v));
        return ratios;
    }
}
