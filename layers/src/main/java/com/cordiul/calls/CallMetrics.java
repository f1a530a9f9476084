package com.cordiul.calls;

import com.cordiul.telemetry.Metric;
import com.cordiul.telemetry.Metrics;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The metrics of a call's progress, counted where a stored change of the call makes them true: Chime's first
 * event about it ({@link Metric#CALLS_CONFIRMED}, with the time since the call was created) and its reaching a final
 * status ({@link Metric#CALLS_TERMINAL}), each once per call whoever records it (create-call, call-status, the
 * sweeper), and never for a change that a retried or duplicated event repeats.
 */
public final class CallMetrics {

    private CallMetrics() {
    }

    /**
     * Applies the change with {@link CallStore#update} and counts what the stored change made true.
     *
     * @param at when the change was observed
     */
    public static Optional<CallRecord> update(CallStore store, String owner, String id, Instant at,
                                             UnaryOperator<CallRecord> change) {
        CallRecord[] before = new CallRecord[1];
        Optional<CallRecord> stored = store.update(owner, id, r -> {
            // The last call is the one whose result was written: a conflict re-reads and applies again.
            before[0] = r;
            return change.apply(r);
        });
        stored.ifPresent(after -> transition(before[0], after, at));
        return stored;
    }

    /** Counts what changed between the stored call before and after one write. */
    static void transition(CallRecord before, CallRecord after, Instant at) {
        if (before == null || after == null || before == after) {
            return;
        }
        if (!confirmed(before) && confirmed(after)) {
            Metrics.count(Metric.CALLS_CONFIRMED);
            Metrics.time(Metric.CONFIRMATION_LATENCY, Duration.between(after.createdAt(), at).abs());
        }
        if (!before.status().isTerminal() && after.status().isTerminal()) {
            Metrics.count(Metric.CALLS_TERMINAL, after.status().value());
        }
    }

    /** Whether Chime reported anything about the call yet. */
    private static boolean confirmed(CallRecord call) {
        return call.queuedAt() != null || call.ringingAt() != null || call.answeredAt() != null
                || call.hangupAt() != null;
    }
}
