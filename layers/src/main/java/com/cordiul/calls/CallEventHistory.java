package com.cordiul.calls;

import com.cordiul.core.JsonWritable;
import com.cordiul.core.JsonWriter;
import com.cordiul.core.RawJson;
import com.cordiul.webhooks.delivery.EventStore;
import com.cordiul.webhooks.delivery.StoredEvent;
import java.util.List;

/**
 * A call's webhook event history, {@code GET /api/calls/{id}/events}: every event the call emitted, in sequence, each
 * with the id and the body its deliveries carry, so that a consumer that missed deliveries can catch up. Another
 * owner's call is a 404 like a missing one.
 */
public final class CallEventHistory {

    /** More than any call emits (one event per status it takes, a correction or two). */
    static final int MAX_EVENTS = 100;

    private final CallLookup calls;
    private final EventStore events;

    public CallEventHistory(CallLookup calls, EventStore events) {
        this.calls = calls;
        this.events = events;
    }

    /** The owner's call's events, oldest first. */
    public History of(String owner, String id) {
        CallRecord call = calls.get(owner, id);
        List<StoredEvent> stored = events.withPrefix(owner, StatusEvents.prefix(call.id(), call.createdAt()),
                MAX_EVENTS);
        return new History(stored.stream().map(e -> new RawJson(e.body())).toList());
    }

    /**
     * The answer: {@code {"events": [...]}}.
     *
     * @param events the bodies, as delivered
     */
    public record History(List<RawJson> events) implements JsonWritable {

        /** A defensive copy. */
        public History {
            events = List.copyOf(events);
        }

        @Override
        public void writeJson(JsonWriter out) {
            out.field("events", events);
        }
    }
}
