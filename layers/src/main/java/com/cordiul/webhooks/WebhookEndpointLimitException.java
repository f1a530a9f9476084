package com.cordiul.webhooks;

import com.cordiul.core.CordiulException;

/** The owner already has the most endpoints an owner may have; nothing was registered. */
public final class WebhookEndpointLimitException extends CordiulException {

    private static final long serialVersionUID = 1L;

    public WebhookEndpointLimitException(String message) {
        super("endpoint_limit_reached", message);
    }
}
