package com.cordiul.webhooks.delivery;

import com.cordiul.logging.Log;
import java.time.Clock;

/**
 * The pipeline's entry point: {@link #publish} records a ready event and hands it to the fan-out, in two requests
 * (one conditional write, one queue message), so that whatever publishes (a call's status change) is never slowed
 * by an endpoint. Publishing is idempotent by event id: the same event published again (by the call side's own
 * reconciler, after a crash) is delivered once. The event record is the persistent one: the reconciler fans out,
 * from it, every event whose queue message was lost.
 */
public final class WebhookEvents {

    private final EventStore events;
    private final WebhookQueue eventQueue;
    private final Clock clock;
    private final CrashPoint crash;

    public WebhookEvents(EventStore events, WebhookQueue eventQueue, Clock clock, CrashPoint crash) {
        this.events = events;
        this.eventQueue = eventQueue;
        this.clock = clock;
        this.crash = crash;
    }

    /**
     * Publishes an owner's event: once this returns, it will be delivered to every endpoint of the owner that is
     * enabled and subscribes to its type, whatever fails afterwards.
     *
     * @throws com.cordiul.aws.StoreUnavailableException when the event could not be recorded: nothing was published,
     *                                                   and the caller must publish it again later
     */
    public void publish(String owner, WebhookEvent event) {
        boolean recorded = events.record(owner, event, clock.instant());
        if (!recorded && events.get(owner, event.id()).map(e -> !e.pending()).orElse(false)) {
            return;
        }
        crash.reached(PipelineStep.EVENT_RECORDED);
        try {
            eventQueue.send(new FanOutMessage(owner, event.id()).body(), 0);
        } catch (QueueUnavailableException e) {
            // Recorded, so not lost: the reconciler fans out every event left waiting.
            Log.warn("webhook event not enqueued; the reconciler will fan it out", "event_id", event.id());
        }
    }
}
