package com.cordiul.webhooks;

import com.cordiul.core.JsonWritable;
import com.cordiul.core.JsonWriter;
import java.util.List;

/**
 * The answer to registering an endpoint: with {@link RotatedSecret}, the only answer that shows a secret.
 *
 * @param id          its id
 * @param url         its URL as registered
 * @param events      the types it receives
 * @param description its label, or null
 * @param secret      the signing secret, {@code whsec_...}
 * @param createdAt   ISO-8601 registration time
 */
public record CreatedWebhookEndpoint(String id, String url, List<String> events, String description, String secret,
                                     String createdAt) implements JsonWritable {

    @Override
    public void writeJson(JsonWriter out) {
        out.field("id", id).field("url", url).field("events", events).field("description", description)
                .field("secret", secret).field("created_at", createdAt);
    }

    /** Never prints the secret or the URL. */
    @Override
    public String toString() {
        return "CreatedWebhookEndpoint[id=" + id + "]";
    }
}
