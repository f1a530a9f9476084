package com.cordiul.webhooks.delivery;

import java.time.Instant;

/**
 * A pending delivery as the {@code by-due} index shows it.
 *
 * @param endpointId the endpoint
 * @param eventId    the event
 * @param dueAt      when it is due
 */
public record DueDelivery(String endpointId, String eventId, Instant dueAt) {

    /** Its queue message. */
    public DeliveryMessage message() {
        return new DeliveryMessage(endpointId, eventId);
    }
}
