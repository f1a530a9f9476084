package com.cordiul.bench;

import com.cordiul.bench.analysis.OwnTime;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the bench measured for one target. */
final class Results {

    /**
     * One cold start.
     *
     * @param coldMs process spawn to the first response received by the Runtime API
     * @param initMs process spawn to the runtime's first {@code next} request (JVM start, RIC, handler init)
     * @param rssKb VmHWM right after the first response
     * @param outcome the first answer's label
     */
    record Cold(double coldMs, double initMs, long rssKb, String outcome) {
    }

    /**
     * The warm run.
     *
     * @param ms queue-to-answer time of each invocation after the first
     * @param rssKb VmHWM at the end, or -1
     * @param outcomes the answers' labels, counted
     */
    record Warm(double[] ms, long rssKb, Map<String, Integer> outcomes) {
        static final Warm NONE = new Warm(new double[0], -1, Map.of());
    }

    /**
     * The counting run.
     *
     * @param first SDK round trips of the first invocation (with init), by "service operation"
     * @param perRequest the same for each later request
     * @param classesAtFirstAnswer classes loaded from each jar up to the first answer (init and first invocation)
     * @param classesAtEnd classes loaded from each jar over the whole counting run
     */
    record Counted(Map<String, Integer> first, List<Map<String, Integer>> perRequest,
                   Map<Path, Set<String>> classesAtFirstAnswer, Map<Path, Set<String>> classesAtEnd) {
        static final Counted NONE = new Counted(Map.of(), List.of(), Map.of(), Map.of());

        Counted {
            first = Map.copyOf(first);
            perRequest = List.copyOf(perRequest);
            classesAtFirstAnswer = Map.copyOf(classesAtFirstAnswer);
            classesAtEnd = Map.copyOf(classesAtEnd);
        }
    }

    /**
     * The timing run: each measured invocation split into the time SDK attempts were on the wire and the rest.
     *
     * @param latencyMs queue-to-answer time of each invocation, sorted
     * @param wireMs wire time of each invocation, sorted
     * @param ownMs own time of each invocation, sorted (not the difference of the two other percentiles)
     * @param attempts SDK attempts over all measured invocations
     * @param unattributed attempts that started in no invocation (e.g. during init)
     */
    record Timing(double[] latencyMs, double[] wireMs, double[] ownMs, int attempts, int unattributed) {
        static final Timing NONE = new Timing(new double[0], new double[0], new double[0], 0, 0);

        static Timing of(List<OwnTime.Split> splits, int unattributed) {
            return new Timing(sorted(splits.stream().mapToDouble(s -> s.latencyNanos() / MS).toArray()),
                    sorted(splits.stream().mapToDouble(s -> s.wireNanos() / MS).toArray()),
                    sorted(splits.stream().mapToDouble(s -> s.ownNanos() / MS).toArray()),
                    splits.stream().mapToInt(OwnTime.Split::attempts).sum(), unattributed);
        }

        boolean measured() {
            return ownMs.length > 0;
        }

        double attemptsPerInvocation() {
            return ownMs.length == 0 ? Double.NaN : (double) attempts / ownMs.length;
        }
    }

    static final double MS = 1_000_000.0;

    final Target target;
    final List<Cold> cold;
    final double[] warmMs;
    final long warmRssKb;
    final Map<String, Integer> warmOutcomes;
    final Counted counted;
    final Timing timing;
    final List<String> command;
    final String failure;

    Results(Target target, List<Cold> cold, Warm warm, Counted counted, Timing timing, List<String> command,
            String failure) {
        this.target = target;
        this.cold = List.copyOf(cold);
        this.warmMs = sorted(warm.ms());
        this.warmRssKb = warm.rssKb();
        this.warmOutcomes = Map.copyOf(warm.outcomes());
        this.counted = counted;
        this.timing = timing;
        this.command = List.copyOf(command);
        this.failure = failure;
    }

    boolean measured() {
        return failure == null && !cold.isEmpty();
    }

    double coldMedian() {
        return median(cold.stream().mapToDouble(Cold::coldMs).toArray());
    }

    double initMedian() {
        return median(cold.stream().mapToDouble(Cold::initMs).toArray());
    }

    long coldRssMedianKb() {
        return (long) median(cold.stream().mapToDouble(Cold::rssKb).toArray());
    }

    double warmPercentile(double p) {
        return percentile(warmMs, p);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double[] sorted(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }
}
