package com.cordiul.webhooks;

import com.cordiul.core.JsonWritable;
import com.cordiul.core.JsonWriter;
import java.util.List;

/**
 * The answer of {@code GET /api/webhook-endpoints}.
 *
 * @param endpoints the owner's endpoints, oldest first
 */
public record WebhookEndpointListing(List<WebhookEndpointView> endpoints) implements JsonWritable {

    @Override
    public void writeJson(JsonWriter out) {
        out.field("endpoints", endpoints);
    }
}
