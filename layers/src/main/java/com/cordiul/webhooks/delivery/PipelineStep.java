package com.cordiul.webhooks.delivery;

/**
 * The points of the delivery pipeline after which a function may die (a timeout, an out-of-memory, the host
 * going away): each is a place where the work done so far is durable and the rest must still happen later.
 * {@link CrashPoint} lets tests stop there.
 */
public enum PipelineStep {
    /** call side: a status change is stored with its outbox mark, its event not recorded yet. */
    STATUS_WRITTEN,
    /** call side: the status change's event is published, the call's outbox mark not yet cleared. */
    EVENT_PUBLISHED,
    /** publish: the event is recorded, not yet handed to the fan-out queue. */
    EVENT_RECORDED,
    /** fan-out: the event's targets are fixed, no delivery recorded yet. */
    TARGETS_RECORDED,
    /** fan-out: the deliveries are recorded, not yet enqueued. */
    DELIVERIES_RECORDED,
    /** fan-out: the deliveries are enqueued, the event still marked as not fanned out. */
    DELIVERIES_ENQUEUED,
    /** delivery: the delivery is claimed, the endpoint not yet leased. */
    DELIVERY_CLAIMED,
    /** delivery: the endpoint is leased, nothing sent yet. */
    ENDPOINT_LEASED,
    /** delivery: the request was sent and answered, the outcome not yet recorded. */
    ATTEMPT_MADE,
    /** delivery: a failed attempt's retry is recorded, not yet enqueued. */
    RETRY_RECORDED
}
