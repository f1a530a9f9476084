package com.cordiul.calls;

import com.cordiul.telemetry.Metric;
import com.cordiul.telemetry.Metrics;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * The metrics of a call's progress, counted where a stored change of the call makes them true, as every store's
 * first transition ({@link CallStore#update}): its dial ({@link Metric#ACCEPT_TO_DIAL_LATENCY}, its wait on the dial
 * queue), Chime's first event about it ({@link Metric#CALLS_CONFIRMED}, with the time since its dial), and its
 * reaching a final status ({@link Metric#CALLS_TERMINAL}), each once per call whoever records it (the dialer,
 * call-status, a cancel, the sweeper), and never for a change that a retried or duplicated event repeats.
 */
public final class CallMetrics implements CallTransitions {

    /** The one instance every store uses. */
    public static final CallMetrics INSTANCE = new CallMetrics();

    private CallMetrics() {
    }

    @Override
    public void stored(CallRecord before, CallRecord after) {
        if (before == null || after == null || before == after) {
            return;
        }
        if (before.dialedAt() == null && after.dialedAt() != null) {
            Metrics.time(Metric.ACCEPT_TO_DIAL_LATENCY, Duration.between(after.createdAt(), after.dialedAt()).abs());
        }
        if (!confirmed(before) && confirmed(after)) {
            Metrics.count(Metric.CALLS_CONFIRMED);
            Instant from = after.dialedAt() != null ? after.dialedAt() : after.createdAt();
            Metrics.time(Metric.CONFIRMATION_LATENCY, Duration.between(from, firstEvent(after)).abs());
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

    /** When Cordiul observed Chime's first event about the call. */
    private static Instant firstEvent(CallRecord call) {
        return Stream.of(call.queuedAt(), call.ringingAt(), call.answeredAt(), call.hangupAt())
                .filter(t -> t != null).min(Instant::compareTo).orElseThrow();
    }
}
