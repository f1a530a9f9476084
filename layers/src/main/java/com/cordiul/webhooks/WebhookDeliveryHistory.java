package com.cordiul.webhooks;

import com.cordiul.core.InvalidRequestException;
import com.cordiul.identity.Caller;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads an endpoint's deliveries log for its owner ({@code webhooks:read}; another owner's endpoint is not found). */
public final class WebhookDeliveryHistory {

    /** Attempts listed when the request says nothing. */
    public static final int DEFAULT_LIMIT = 50;
    /** Attempts listed at most. */
    public static final int MAX_LIMIT = 100;

    private final WebhookEndpointService endpoints;
    private final DeliveryLog log;

    public WebhookDeliveryHistory(WebhookEndpointService endpoints, DeliveryLog log) {
        this.endpoints = endpoints;
        this.log = log;
    }

    /**
     * The {@code limit} of a request: 1 to {@value #MAX_LIMIT}, {@value #DEFAULT_LIMIT} when not given; any other
     * query parameter is refused.
     */
    public static int limit(Set<String> queryNames, Optional<String> limit) {
        for (String name : queryNames) {
            if (!name.equals("limit")) {
                throw new InvalidRequestException(name, "Unknown query parameter '" + (name.length() > 40
                        ? name.substring(0, 40) + "..." : name) + "'; the only one is 'limit'.");
            }
        }
        if (limit.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        String text = limit.get();
        if (!text.matches("[0-9]{1,3}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > MAX_LIMIT) {
            throw new InvalidRequestException("limit", "Query parameter 'limit' must be a whole number from 1 to "
                    + MAX_LIMIT + ".");
        }
        return Integer.parseInt(text);
    }

    /** The endpoint's most recent attempts, newest first. */
    public List<DeliveryAttempt> recent(Caller caller, String endpointId, int limit) {
        WebhookEndpoint endpoint = endpoints.get(caller, endpointId);
        return log.recent(endpoint.id(), Math.max(1, Math.min(MAX_LIMIT, limit)));
    }
}
