package com.cordiul.webhooks;

import com.cordiul.identity.Caller;
import java.util.List;

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

    /** The endpoint's most recent attempts, newest first. */
    public List<DeliveryAttempt> recent(Caller caller, String endpointId, int limit) {
        WebhookEndpoint endpoint = endpoints.get(caller, endpointId);
        return log.recent(endpoint.id(), Math.max(1, Math.min(MAX_LIMIT, limit)));
    }
}
