package com.cordiul.webhooks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stored webhook endpoint, the one record that says where an owner's events go and how they are signed.
 *
 * @param owner               the owner
 * @param slot                its place among the owner's at most {@link WebhookEndpointService#MAX_PER_OWNER}
 *                            endpoints (the table's sort key, which makes the limit exact)
 * @param id                  {@code we_} + a time-sortable id
 * @param url                 the URL as registered
 * @param events              the subscribed types, or empty for every type (those added later included)
 * @param description         the customer's label, or null
 * @param enabled             whether deliveries are made
 * @param disabledReason      why it was disabled, or null
 * @param createdAt           when it was registered
 * @param secret              the current signing secret
 * @param previousSecret      the secret before the last rotation, or null
 * @param previousSecretUntil until when the previous secret signs too, or null
 * @param health              how its deliveries are going
 * @param inflight            the attempts under way: event id to the epoch millisecond their lease ends
 */
public record WebhookEndpoint(String owner, int slot, String id, String url, Optional<List<String>> events,
                              String description, boolean enabled, String disabledReason, Instant createdAt,
                              String secret, String previousSecret, Instant previousSecretUntil,
                              EndpointHealth health, Map<String, Long> inflight) {

    public WebhookEndpoint {
        events = events.map(List::copyOf);
        inflight = Map.copyOf(inflight);
    }

    /** Whether an event of this type goes to this endpoint. */
    public boolean subscribes(String type) {
        return events.map(list -> list.contains(type)).orElse(true);
    }

    /** The secrets that sign a delivery made at this instant: the current one, and the previous one while it lasts. */
    public List<String> signingSecrets(Instant now) {
        List<String> secrets = new ArrayList<>(2);
        secrets.add(secret);
        if (previousSecret != null && previousSecretUntil != null && previousSecretUntil.isAfter(now)) {
            secrets.add(previousSecret);
        }
        return secrets;
    }

    /** Never prints a secret or the URL (whose path or query may hold the customer's own token). */
    @Override
    public String toString() {
        return "WebhookEndpoint[owner=" + owner + ", id=" + id + ", slot=" + slot + ", enabled=" + enabled + "]";
    }
}
