package dev.caio.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The cases of one {@code caio bench} run: every workload, block size and queue depth (each list deduplicated, in the
 * order given), and for each of those every target in turn, so that targets compared on a case run close together.
 *
 * @param targets the implementations, then the baselines
 * @param keys the cases to compare the targets on
 */
public record BenchPlan(List<BenchTarget> targets, List<BenchCase.Key> keys) {

    /** The plan for these targets over the product of these workloads, block sizes and queue depths. */
    public static BenchPlan of(List<BenchTarget> targets, List<Workload> workloads, List<Long> blockSizes,
                               List<Integer> iodepths) {
        List<BenchCase.Key> keys = new ArrayList<>();
        for (Workload w : new LinkedHashSet<>(workloads)) {
            for (long bs : new LinkedHashSet<>(blockSizes)) {
                for (int qd : new LinkedHashSet<>(iodepths)) {
                    keys.add(new BenchCase.Key(w, (int) bs, qd));
                }
            }
        }
        return new BenchPlan(List.copyOf(targets), List.copyOf(keys));
    }

    /** The case of {@code target} on {@code key}. */
    public static BenchCase caseOf(BenchTarget target, BenchCase.Key key) {
        return new BenchCase(target.name(), key.workload(), key.blockSize(), key.iodepth());
    }

    /** How many cases run, fio jobs excluded. */
    public int size() {
        return targets.size() * keys.size();
    }
}
