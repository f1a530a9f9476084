package com.cordiul.webhooks;

import com.cordiul.core.CordiulException;
import com.cordiul.core.RetryAfter;

/** Concurrent requests kept changing the endpoint while this one tried to: nothing was changed, retry. */
public final class WebhookEndpointBusyException extends CordiulException implements RetryAfter {

    private static final long serialVersionUID = 1L;

    public WebhookEndpointBusyException(String message) {
        super("endpoint_busy", message);
    }

    @Override
    public int retryAfterSeconds() {
        return 1;
    }
}
