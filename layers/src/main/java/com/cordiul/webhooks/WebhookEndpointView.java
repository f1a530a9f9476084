package com.cordiul.webhooks;

import com.cordiul.core.JsonWritable;
import com.cordiul.core.JsonWriter;
import com.cordiul.core.Timestamps;
import java.util.List;

/**
 * What the API shows of an endpoint: never its secret.
 *
 * @param id             its id
 * @param url            its URL as registered
 * @param events         the types it receives (every current type when it subscribed to all)
 * @param description    its label, or null
 * @param status         {@code enabled} or {@code disabled}
 * @param createdAt      ISO-8601 registration time
 * @param disabledReason why it is disabled; written only then
 */
public record WebhookEndpointView(String id, String url, List<String> events, String description, String status,
                                  String createdAt, String disabledReason) implements JsonWritable {

    @Override
    public void writeJson(JsonWriter out) {
        out.field("id", id).field("url", url).field("events", events).field("description", description)
                .field("status", status).field("created_at", createdAt).optionalField("disabled_reason",
                        disabledReason);
    }

    /** The view of a stored endpoint. */
    public static WebhookEndpointView of(WebhookEndpoint endpoint) {
        return new WebhookEndpointView(endpoint.id(), endpoint.url(), endpoint.events().orElse(WebhookEventTypes.ALL),
                endpoint.description(), endpoint.enabled() ? "enabled" : "disabled",
                Timestamps.format(endpoint.createdAt()), endpoint.enabled() ? null : endpoint.disabledReason());
    }

    /** Never prints the URL. */
    @Override
    public String toString() {
        return "WebhookEndpointView[id=" + id + ", status=" + status + "]";
    }
}
