package com.cordiul.webhooks.delivery;

import com.cordiul.logging.Log;
import com.cordiul.webhooks.WebhookEndpoint;
import com.cordiul.webhooks.WebhookEndpointStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns one recorded event into one delivery per endpoint of its owner that is enabled and subscribes to its type:
 * fixes the targets on the event (once), records each delivery (once), sends their queue messages, then takes the
 * event out of the outbox. Every step is idempotent, so a fan-out that died anywhere is simply run again (by the
 * event queue's redelivery, or by the reconciler); a delivery recorded before a crash is in the {@code by-due}
 * index, which the reconciler watches, whether or not its message went out.
 */
public final class FanOut {

    private final EventStore events;
    private final WebhookEndpointStore endpoints;
    private final DeliveryStore deliveries;
    private final WebhookQueue deliveryQueue;
    private final Clock clock;
    private final CrashPoint crash;

    public FanOut(EventStore events, WebhookEndpointStore endpoints, DeliveryStore deliveries,
                  WebhookQueue deliveryQueue, Clock clock, CrashPoint crash) {
        this.events = events;
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.deliveryQueue = deliveryQueue;
        this.clock = clock;
        this.crash = crash;
    }

    /** Fans the event out; returns how many deliveries this run recorded (0 when it was done before). */
    public int fanOut(String owner, String eventId) {
        Optional<StoredEvent> found = events.get(owner, eventId);
        if (found.isEmpty()) {
            Log.warn("webhook event to fan out not found", "event_id", eventId);
            return 0;
        }
        StoredEvent event = found.get();
        if (!event.pending()) {
            return 0;
        }
        List<Target> targets = event.targets().orElseGet(() -> events.fixTargets(owner, eventId, targetsOf(event)));
        crash.reached(PipelineStep.TARGETS_RECORDED);
        Instant now = clock.instant();
        int created = 0;
        List<String> messages = new ArrayList<>();
        for (Target target : targets) {
            created += deliveries.create(owner, target, eventId, event.type(), now) ? 1 : 0;
            // Sent for a delivery recorded by an earlier, interrupted run too: its message may never have gone out,
            // and a duplicate is harmless (only one worker can claim a delivery, and only while it is due).
            messages.add(new DeliveryMessage(target.endpointId(), eventId).body());
        }
        crash.reached(PipelineStep.DELIVERIES_RECORDED);
        try {
            deliveryQueue.sendAll(messages);
        } catch (QueueUnavailableException e) {
            // The deliveries are recorded as due now: the reconciler sends their messages once they are overdue.
            Log.warn("webhook delivery messages not sent; the reconciler will send them", "event_id", eventId,
                    "deliveries", messages.size());
        }
        crash.reached(PipelineStep.DELIVERIES_ENQUEUED);
        events.markFannedOut(owner, eventId);
        // One line per event: joins the publish to each endpoint's "webhook delivery attempted" lines.
        Log.info("webhook event fanned out", "event_id", eventId, "type", event.type(), "endpoints", targets.size());
        return created;
    }

    private List<Target> targetsOf(StoredEvent event) {
        List<Target> targets = new ArrayList<>();
        for (WebhookEndpoint endpoint : endpoints.listByOwner(event.owner())) {
            if (endpoint.enabled() && endpoint.subscribes(event.type())) {
                targets.add(new Target(endpoint.id(), endpoint.slot()));
            }
        }
        return targets;
    }
}
