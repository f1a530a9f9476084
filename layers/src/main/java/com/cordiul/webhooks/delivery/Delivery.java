package com.cordiul.webhooks.delivery;

import java.time.Instant;
import java.util.Optional;

/**
 * One event's delivery to one endpoint, as the deliveries table keeps it.
 *
 * @param endpointId the endpoint
 * @param eventId    the event
 * @param owner      their owner
 * @param slot       the endpoint's slot
 * @param type       the event's type
 * @param state      where it stands
 * @param attempt    the number of the next attempt (1 for the first)
 * @param dueAt      when the next attempt is due (while pending)
 * @param leaseUntil until when a worker holds it (while an attempt is under way)
 * @param deferrals  times an attempt was put off because the endpoint was busy or failing
 * @param requeues   times the reconciler re-sent its message
 * @param outcome    for a finished delivery, why it finished
 */
public record Delivery(String endpointId, String eventId, String owner, int slot, String type, DeliveryState state,
                       int attempt, Optional<Instant> dueAt, Optional<Instant> leaseUntil, int deferrals,
                       int requeues, String outcome) {

    /** Its queue message. */
    public DeliveryMessage message() {
        return new DeliveryMessage(endpointId, eventId);
    }
}
