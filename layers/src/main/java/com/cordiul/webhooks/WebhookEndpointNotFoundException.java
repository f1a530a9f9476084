package com.cordiul.webhooks;

import com.cordiul.core.CordiulException;

/** No such webhook endpoint for this owner: another owner's endpoint is indistinguishable from a missing one. */
public final class WebhookEndpointNotFoundException extends CordiulException {

    private static final long serialVersionUID = 1L;

    public WebhookEndpointNotFoundException(String message) {
        super("not_found", message);
    }
}
