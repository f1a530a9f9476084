package com.cordiul.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

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

    final Target target;
    final List<Cold> cold;
    final double[] warmMs;
    final long warmRssKb;
    final Map<String, Integer> warmOutcomes;
    final Map<String, Integer> firstRoundTrips;
    final List<Map<String, Integer>> requestRoundTrips;
    final List<String> command;
    final String failure;

    Results(Target target, List<Cold> cold, double[] warmMs, long warmRssKb, Map<String, Integer> warmOutcomes,
            Map<String, Integer> firstRoundTrips, List<Map<String, Integer>> requestRoundTrips, List<String> command,
            String failure) {
        this.target = target;
        this.cold = List.copyOf(cold);
        this.warmMs = warmMs.clone();
        Arrays.sort(this.warmMs);
        this.warmRssKb = warmRssKb;
        this.warmOutcomes = Map.copyOf(warmOutcomes);
        this.firstRoundTrips = Map.copyOf(firstRoundTrips);
        this.requestRoundTrips = List.copyOf(requestRoundTrips);
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
}
