package com.cordiul.webhooks.delivery;

import com.cordiul.core.Json;
import com.cordiul.core.JsonWritable;
import com.cordiul.core.JsonWriter;
import com.cordiul.core.MalformedJsonException;
import java.util.Map;
import java.util.Optional;

/**
 * A message of the event queue: "this owner's event is recorded; fan it out to the endpoints".
 *
 * @param owner   the owner
 * @param eventId the event
 */
public record FanOutMessage(String owner, String eventId) implements JsonWritable {

    @Override
    public void writeJson(JsonWriter out) {
        out.field("owner", owner).field("event_id", eventId);
    }

    /** The message's body. */
    public String body() {
        return Json.write(this);
    }

    /** Reads a body; empty when it is not one (never sent by Cordiul). */
    public static Optional<FanOutMessage> parse(String body) {
        try {
            if (Json.parse(body) instanceof Map<?, ?> map && map.get("owner") instanceof String owner
                    && map.get("event_id") instanceof String event) {
                return Optional.of(new FanOutMessage(owner, event));
            }
        } catch (MalformedJsonException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
