package com.cordiul.calls;

import com.cordiul.webhooks.delivery.WebhookEvents;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Where the event of a status a call took goes: the webhook pipeline's entry point ({@link WebhookEvents}), built
 * on first use so that a function that never changes a status never needs the pipeline's configuration. Publishing
 * is idempotent by the event's id ({@link StatusEvents#id}): publishing the same change twice delivers it once.
 */
public final class CallEventPublisher {

    private final Supplier<WebhookEvents> events;

    public CallEventPublisher(Supplier<WebhookEvents> events) {
        this.events = events;
    }

    /**
     * Publishes the call's status at this sequence.
     *
     * @throws com.cordiul.aws.StoreUnavailableException when the event could not be recorded (nothing published)
     */
    public void publish(CallRecord call, long sequence, Instant at) {
        events.get().publish(call.owner(), StatusEvents.of(call, sequence, at));
    }
}
