package com.cordiul.webhooks.delivery;

import com.cordiul.core.Json;
import com.cordiul.core.JsonWritable;
import com.cordiul.core.JsonWriter;
import com.cordiul.core.SortableId;
import com.cordiul.core.Timestamps;
import com.cordiul.webhooks.WebhookEventTypes;
import java.time.Instant;

/**
 * One event, ready to deliver: its body is {@code {"id", "type", "created_at", "sequence", "data"}}, written once
 * and delivered byte for byte on every attempt (its id is the {@code webhook-id} header). The call side makes it:
 * its id must be the same every time it publishes the same status change (publishing is idempotent by id).
 *
 * @param id        {@code evt_} + a time-sortable id
 * @param type      one of {@link WebhookEventTypes#ALL}
 * @param createdAt when the status changed
 * @param sequence  increases per call, so that a consumer can drop a stale event
 * @param data      the event's {@code data} object (for a call event, {@code {"call": <the call view>}})
 */
public record WebhookEvent(String id, String type, Instant createdAt, long sequence, JsonWritable data)
        implements JsonWritable {

    /** What every event id starts with. */
    public static final String ID_PREFIX = "evt_";

    public WebhookEvent {
        if (!isEventId(id)) {
            throw new IllegalArgumentException("Not an event id: " + id);
        }
        if (!WebhookEventTypes.isKnown(type)) {
            throw new IllegalArgumentException("Not an event type: " + type);
        }
        if (sequence < 0) {
            throw new IllegalArgumentException("A sequence is never negative");
        }
    }

    /** A new event id from the generator. */
    public static String newId(SortableId ids) {
        return ID_PREFIX + ids.next();
    }

    /** Whether the text is an event id. */
    public static boolean isEventId(String id) {
        return id != null && id.startsWith(ID_PREFIX) && SortableId.isValid(id.substring(ID_PREFIX.length()));
    }

    @Override
    public void writeJson(JsonWriter out) {
        out.field("id", id).field("type", type).field("created_at", Timestamps.format(createdAt))
                .field("sequence", sequence).field("data", data);
    }

    /** The body every attempt sends. */
    public String body() {
        return Json.write(this);
    }
}
