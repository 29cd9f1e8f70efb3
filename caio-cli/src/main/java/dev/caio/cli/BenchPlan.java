package dev.caio.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The cases of one {@code caio bench} run: every workload, block size and queue depth (each list deduplicated, in the
 * order given), and for each of those every implementation in every shape, then every baseline, so that what is
 * compared on a case runs close together.
 *
 * @param targets the implementations, then the baselines
 * @param shapes how the implementations are driven (baselines run once per case, in their own way)
 * @param keys the cases to compare the targets on
 */
public record BenchPlan(List<BenchTarget> targets, List<Shape> shapes, List<BenchCase.Key> keys) {

    /** One case and what runs it. */
    public record Run(BenchTarget target, BenchCase benchCase) {
    }

    /** The plan for these targets and shapes over the product of these workloads, block sizes and queue depths. */
    public static BenchPlan of(List<BenchTarget> targets, List<Shape> shapes, List<Workload> workloads,
                               List<Long> blockSizes, List<Integer> iodepths) {
        List<BenchCase.Key> keys = new ArrayList<>();
        for (Workload w : new LinkedHashSet<>(workloads)) {
            for (long bs : new LinkedHashSet<>(blockSizes)) {
                for (int qd : new LinkedHashSet<>(iodepths)) {
                    keys.add(new BenchCase.Key(w, (int) bs, qd));
                }
            }
        }
        return new BenchPlan(List.copyOf(targets), List.copyOf(new LinkedHashSet<>(shapes)), List.copyOf(keys));
    }

    /** The runs on {@code key}: each implementation in each shape, then each baseline. */
    public List<Run> runsOf(BenchCase.Key key) {
        List<Run> runs = new ArrayList<>();
        for (BenchTarget target : targets) {
            if (target.baseline()) {
                runs.add(new Run(target, new BenchCase(target.name(), null, key.workload(), key.blockSize(),
                        key.iodepth())));
            } else {
                for (Shape shape : shapes) {
                    runs.add(new Run(target, new BenchCase(target.name(), shape, key.workload(), key.blockSize(),
                            key.iodepth())));
                }
            }
        }
        return runs;
    }

    /** How many cases run, fio jobs excluded. */
    public int size() {
        long implementations = targets.stream().filter(t -> !t.baseline()).count();
        return (int) ((implementations * shapes.size() + targets.size() - implementations) * keys.size());
    }
}
