package com.cordiul.webhooks.delivery;

import com.cordiul.core.Json;
import com.cordiul.core.JsonWritable;
import com.cordiul.core.JsonWriter;
import com.cordiul.core.MalformedJsonException;
import java.util.Map;
import java.util.Optional;

/**
 * A message of the delivery queue: "attempt this event's delivery to this endpoint now". It names the delivery only;
 * everything else (the attempt, the body, the secret) is read where it is kept, so a duplicated or stale message is
 * harmless.
 *
 * @param endpointId the endpoint
 * @param eventId    the event
 */
public record DeliveryMessage(String endpointId, String eventId) implements JsonWritable {

    @Override
    public void writeJson(JsonWriter out) {
        out.field("endpoint_id", endpointId).field("event_id", eventId);
    }

    /** The message's body. */
    public String body() {
        return Json.write(this);
    }

    /** Reads a body; empty when it is not one (never sent by Cordiul). */
    public static Optional<DeliveryMessage> parse(String body) {
        try {
            if (Json.parse(body) instanceof Map<?, ?> map && map.get("endpoint_id") instanceof String endpoint
                    && map.get("event_id") instanceof String event) {
                return Optional.of(new DeliveryMessage(endpoint, event));
            }
        } catch (MalformedJsonException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
