package com.cordiul.webhooks;

import com.cordiul.core.JsonWritable;
import com.cordiul.core.JsonWriter;
import java.util.List;

/**
 * The answer of {@code GET /api/webhook-endpoints/{id}/deliveries}.
 *
 * @param deliveries the recent attempts, newest first
 */
public record DeliveryAttemptListing(List<DeliveryAttempt> deliveries) implements JsonWritable {

    @Override
    public void writeJson(JsonWriter out) {
        out.field("deliveries", deliveries);
    }
}
