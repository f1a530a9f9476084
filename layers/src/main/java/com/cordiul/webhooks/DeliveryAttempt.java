package com.cordiul.webhooks;

import com.cordiul.core.JsonWritable;
import com.cordiul.core.JsonWriter;
import com.cordiul.core.Timestamps;
import java.time.Instant;

/**
 * One attempt to deliver one event to one endpoint, as the deliveries log keeps it: the HTTP status the endpoint
 * answered, or the error that kept it from answering ({@code timeout}, {@code connection_refused},
 * {@code address_not_allowed}, {@code dns_error}, {@code tls_error}, {@code connection_error},
 * {@code invalid_response}).
 *
 * @param endpointId the endpoint
 * @param eventId    the event, also the {@code webhook-id} header
 * @param type       the event's type
 * @param attempt    1 for the first attempt
 * @param statusCode the HTTP status answered, or null
 * @param error      why no status was answered, or null
 * @param durationMs how long the attempt took
 * @param at         when it started
 */
public record DeliveryAttempt(String endpointId, String eventId, String type, int attempt, Integer statusCode,
                              String error, long durationMs, Instant at) implements JsonWritable {

    @Override
    public void writeJson(JsonWriter out) {
        out.field("event_id", eventId).field("type", type).field("attempt", attempt)
                .optionalField("status_code", statusCode).optionalField("error", error)
                .field("duration_ms", durationMs).field("at", Timestamps.format(at));
    }

    /** Whether the endpoint took the event (a 2xx). */
    public boolean delivered() {
        return statusCode != null && statusCode >= 200 && statusCode < 300;
    }
}
