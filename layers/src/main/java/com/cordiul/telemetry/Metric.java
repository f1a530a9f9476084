package com.cordiul.telemetry;

import java.util.List;
import java.util.Optional;

/**
 * Every metric the functions emit, in one namespace ({@code METRICS_NAMESPACE}). A metric has no dimension, or one
 * whose values are listed here: a metric's cost grows with each value of its dimensions, so an owner, a key or a
 * call id can never become one ({@link Metrics} records an unlisted value as {@code other}). The template's
 * alarms and dashboard name these metrics; {@code TemplateConsistencyTest} checks that each one they name is here.
 */
public enum Metric {
    /** A new call was admitted, queued and recorded (create-call), before it was dialed. */
    CALLS_ACCEPTED("CallsAccepted", MetricUnit.COUNT, null),
    /** Chime accepted the dial: CreateSipMediaApplicationCall answered with a transaction id. */
    CALLS_DIALED("CallsDialed", MetricUnit.COUNT, null),
    /** Chime's first event about a call arrived (NEW_OUTBOUND_CALL, or a later one if that was lost). */
    CALLS_CONFIRMED("CallsConfirmed", MetricUnit.COUNT, null),
    /** A call reached a final status (once per call: a later correction of a swept call is not counted again). */
    CALLS_TERMINAL("CallsTerminal", MetricUnit.COUNT, "Status", "completed", "busy", "no-answer", "canceled",
            "failed"),
    /** A dial that Chime did not accept, by why. */
    CHIME_ERRORS("ChimeErrors", MetricUnit.COUNT, "ErrorClass", "throttled", "capacity", "rejected",
            "configuration", "uncertain"),
    /** One attempt of a dial that Chime throttled (retried or not): the request rate is at Chime's quota. */
    CHIME_THROTTLES("ChimeThrottles", MetricUnit.COUNT, null),
    /** A dial that failed for a reason of Chime's or ours, not the customer's: every error class but rejected. */
    DIAL_FAILURES("DialFailures", MetricUnit.COUNT, null),
    /** From a call's creation to its dial: its wait on the dial queue (counted when the dialer claims it). */
    ACCEPT_TO_DIAL_LATENCY("AcceptToDialLatency", MetricUnit.MILLISECONDS, null),
    /** From the start of a dial to Chime's answer, every throttled attempt and its pause included. */
    DIAL_LATENCY("DialLatency", MetricUnit.MILLISECONDS, null),
    /** From a call's dial (its creation, for a call whose dial is not recorded) to Chime's first event about it. */
    CONFIRMATION_LATENCY("ConfirmationLatency", MetricUnit.MILLISECONDS, null),
    /** A create-call request answered from its Idempotency-Key's stored response. */
    IDEMPOTENT_REPLAYS("IdempotentReplays", MetricUnit.COUNT, null),
    /** A create-call request refused 409 for its Idempotency-Key. */
    IDEMPOTENCY_CONFLICTS("IdempotencyConflicts", MetricUnit.COUNT, "Reason", "key_reused", "in_progress"),
    /** A request refused 429 by a rate limit, by which limit. */
    RATE_LIMITED("RateLimited", MetricUnit.COUNT, "Limit", "requests", "calls-per-second", "calls-per-minute"),
    /** What the authorizer decided: store_failure and error are answered 503 by API Gateway. */
    AUTHORIZER_OUTCOMES("AuthorizerOutcomes", MetricUnit.COUNT, "Outcome", "allow", "deny", "invalid_checksum",
            "store_failure", "error"),
    /** One run of the stale-call sweeper. */
    SWEEPER_RUNS("SweeperRuns", MetricUnit.COUNT, null),
    /** Calls the sweeper failed because Chime's events about them never came: events were lost. */
    CALLS_SWEPT("CallsSwept", MetricUnit.COUNT, null),
    /** Stale calls the sweeper could not update (store fault): the next run retries them. */
    SWEEP_FAILURES("SweepFailures", MetricUnit.COUNT, null),
    /**
     * What a webhook delivery message came to: delivered (2xx), retrying (a failed attempt, due again), failed (given
     * up: 410 Gone, or the last attempt failed), dropped (the endpoint was deleted or disabled), deferred (the
     * endpoint was busy or its circuit open: no attempt made).
     */
    WEBHOOK_DELIVERIES("WebhookDeliveries", MetricUnit.COUNT, "Outcome", "delivered", "retrying", "failed",
            "dropped", "deferred"),
    /** One reconciler run: how far past its due time the most overdue webhook delivery or fan-out is. */
    WEBHOOK_DELIVERY_LAG("WebhookDeliveryLag", MetricUnit.MILLISECONDS, null),
    /** Webhook messages the reconciler had to send again (lost, or their function died): fan-outs and deliveries. */
    WEBHOOK_MESSAGES_RECOVERED("WebhookMessagesRecovered", MetricUnit.COUNT, null),
    /** A call's status change published as a webhook event by the writer of the change. */
    WEBHOOK_EVENTS_EMITTED("WebhookEventsEmitted", MetricUnit.COUNT, null),
    /**
     * A call's status event the reconciler had to publish: its writer died, or could not reach the event store,
     * after storing the change. Each is an event delivered late, never one lost.
     */
    WEBHOOK_EVENTS_RECONCILED("WebhookEventsReconciled", MetricUnit.COUNT, null),
    /** A dial the pacer put back on the queue, by why: the pace, another owner's turn, the active calls. */
    DIAL_WAITS("DialWaits", MetricUnit.COUNT, "Reason", "pace", "turn", "capacity", "duplicate"),
    /** A create-call refused 429 queue_full: its owner had CallQueueDepthLimit calls waiting. */
    QUEUE_FULL("QueueFull", MetricUnit.COUNT, null);

    /** The value recorded for a dimension value that is not listed. */
    public static final String OTHER = "other";

    private final String metricName;
    private final MetricUnit unit;
    private final String dimension;
    private final List<String> dimensionValues;

    Metric(String metricName, MetricUnit unit, String dimension, String... values) {
        this.metricName = metricName;
        this.unit = unit;
        this.dimension = dimension;
        this.dimensionValues = List.of(values);
    }

    /** The metric's name in CloudWatch. */
    public String metricName() {
        return metricName;
    }

    /** Its unit. */
    public MetricUnit unit() {
        return unit;
    }

    /** Its one dimension's name, if it has one. */
    public Optional<String> dimension() {
        return Optional.ofNullable(dimension);
    }

    /** The values its dimension may take ({@link #OTHER} aside); empty without a dimension. */
    public List<String> dimensionValues() {
        return dimensionValues;
    }

    /** The metric of that CloudWatch name, if the functions emit one. */
    public static Optional<Metric> named(String name) {
        for (Metric metric : values()) {
            if (metric.metricName.equals(name)) {
                return Optional.of(metric);
            }
        }
        return Optional.empty();
    }
}
