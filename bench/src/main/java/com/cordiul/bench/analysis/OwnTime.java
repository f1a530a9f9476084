package com.cordiul.bench.analysis;

import com.cordiul.sandbox.Invocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The handler's own time in each invocation: its queue-to-answer time minus the time its SDK attempts spent on the
 * wire (waiting on DynamoDB or Chime). An attempt belongs to the invocation whose interval, from the event's delivery
 * to the answer's arrival at the Runtime API (wall clock of both processes), holds the attempt's start; its wire time
 * counts only inside that interval, and overlapping attempts count once (the union of their intervals).
 */
public final class OwnTime {

    private OwnTime() {
    }

    /**
     * One SDK attempt on the wire, as {@code WireTimer} logged it.
     *
     * @param startEpochNanos wall clock, nanoseconds since the epoch, just before the request went out
     * @param endEpochNanos when the response's headers had arrived (or the attempt failed)
     * @param answered whether a response arrived (false: an I/O failure)
     * @param operation service and operation, e.g. {@code DynamoDb GetItem}
     */
    public record Attempt(long startEpochNanos, long endEpochNanos, boolean answered, String operation) {

        /** Parses a line {@code start end ok|failed service operation}. */
        public static Attempt parse(String line) {
            String[] fields = line.trim().split("\\s+", 4);
            if (fields.length < 3) {
                throw new IllegalArgumentException("Not a wire-time line: " + line);
            }
            return new Attempt(Long.parseLong(fields[0]), Long.parseLong(fields[1]), "ok".equals(fields[2]),
                    fields.length > 3 ? fields[3] : "");
        }

        /** Every attempt of a wire-time file (none if the file does not exist). */
        public static List<Attempt> read(Path file) throws IOException {
            if (!Files.exists(file)) {
                return List.of();
            }
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(Attempt::parse).toList();
        }
    }

    /**
     * One invocation, split.
     *
     * @param latencyNanos queue to answer, as the Runtime API measured it
     * @param wireNanos time SDK attempts were on the wire inside the invocation
     * @param attempts how many attempts started inside it
     */
    public record Split(long latencyNanos, long wireNanos, int attempts) {

        /** What is left to the runtime, the loopback exchange and the handler itself. */
        public long ownNanos() {
            return latencyNanos - wireNanos;
        }
    }

    /**
     * The invocations, split, in the order given, and the attempts that fell in no invocation (during init, between
     * invocations, or in an invocation not given).
     */
    public record Attribution(List<Split> splits, int unattributed) {

        public Attribution {
            splits = List.copyOf(splits);
        }
    }

    /** Attributes each attempt to the invocation whose interval holds its start. */
    public static Attribution attribute(List<Invocation> invocations, List<Attempt> attempts) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < invocations.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingLong(i -> invocations.get(i).deliveredEpochNanos()));
        long[] starts = order.stream().mapToLong(i -> invocations.get(i).deliveredEpochNanos()).toArray();

        List<List<long[]>> intervals = new ArrayList<>();
        invocations.forEach(x -> intervals.add(new ArrayList<>()));
        int unattributed = 0;
        for (Attempt a : attempts) {
            int slot = lastAtOrBefore(starts, a.startEpochNanos());
            Invocation owner = slot < 0 ? null : invocations.get(order.get(slot));
            if (owner == null || a.startEpochNanos() > owner.completedEpochNanos()) {
                unattributed++;
                continue;
            }
            long end = Math.min(Math.max(a.endEpochNanos(), a.startEpochNanos()), owner.completedEpochNanos());
            intervals.get(order.get(slot)).add(new long[] {a.startEpochNanos(), end});
        }
        List<Split> splits = new ArrayList<>();
        for (int i = 0; i < invocations.size(); i++) {
            splits.add(new Split(invocations.get(i).latencyNanos(), union(intervals.get(i)),
                    intervals.get(i).size()));
        }
        return new Attribution(splits, unattributed);
    }

    /** The index of the last value at or before {@code t} in ascending values, or -1. */
    private static int lastAtOrBefore(long[] ascending, long t) {
        int lo = 0;
        int hi = ascending.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (ascending[mid] <= t) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** The total length of the union of intervals. */
    static long union(List<long[]> intervals) {
        List<long[]> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparingLong(x -> x[0]));
        long total = 0;
        long start = Long.MIN_VALUE;
        long end = Long.MIN_VALUE;
        for (long[] x : sorted) {
            if (x[0] > end) {
                total += end - start;
                start = x[0];
                end = x[1];
            } else {
                end = Math.max(end, x[1]);
            }
        }
        return total + (end - start);
    }
}
