package com.cordiul.fn.rotatewebhooksecret;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.cordiul.api.ApiEdge;
import com.cordiul.api.ApiResult;
import com.cordiul.identity.Permission;
import com.cordiul.ratelimit.RateLimitPolicy;
import com.cordiul.webhooks.WebhookEndpointService;
import com.cordiul.wiring.WebhooksModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * {@code POST /api/webhook-endpoints/{id}/rotate-secret}: a new signing secret, shown once; the old one keeps signing
 * for 24 hours.
 */
public final class RotateWebhookSecretHandler implements RequestStreamHandler {

    private final WebhookEndpointService endpoints;
    private final RateLimitPolicy limits;

    /** Lambda's constructor: the webhook endpoints family's wiring, built and primed once per instance. */
    public RotateWebhookSecretHandler() {
        this(WebhooksModule.instance().webhookEndpoints(), WebhooksModule.instance().requestLimits());
    }

    /** Tests' constructor. */
    public RotateWebhookSecretHandler(WebhookEndpointService endpoints, RateLimitPolicy limits) {
        this.endpoints = endpoints;
        this.limits = limits;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ApiEdge.stream(input, output, context, limits, request -> {
            var caller = request.caller();
            caller.require(Permission.WEBHOOKS_WRITE);
            return ApiResult.ok(endpoints.rotateSecret(caller, request.pathParameter("id").orElse("")));
        });
    }
}
