package com.cordiul.fn.createwebhookendpoint;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.cordiul.api.ApiEdge;
import com.cordiul.api.ApiResult;
import com.cordiul.identity.Permission;
import com.cordiul.ratelimit.RateLimitPolicy;
import com.cordiul.webhooks.NewWebhookEndpoint;
import com.cordiul.webhooks.WebhookEndpointService;
import com.cordiul.webhooks.url.WebhookUrlPolicy;
import com.cordiul.wiring.WebhooksModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * {@code POST /api/webhook-endpoints}: registers an endpoint for the caller's owner; the answer shows its signing
 * secret this one time.
 */
public final class CreateWebhookEndpointHandler implements RequestStreamHandler {

    private final WebhookEndpointService endpoints;
    private final WebhookUrlPolicy policy;
    private final RateLimitPolicy limits;

    /** Lambda's constructor: the webhook endpoints family's wiring, built and primed once per instance. */
    public CreateWebhookEndpointHandler() {
        this(WebhooksModule.instance().webhookEndpoints(), WebhooksModule.instance().urlPolicy(),
                WebhooksModule.instance().requestLimits());
    }

    /** Tests' constructor. */
    public CreateWebhookEndpointHandler(WebhookEndpointService endpoints, WebhookUrlPolicy policy,
                                        RateLimitPolicy limits) {
        this.endpoints = endpoints;
        this.policy = policy;
        this.limits = limits;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ApiEdge.stream(input, output, context, limits, request -> {
            var caller = request.caller();
            caller.require(Permission.WEBHOOKS_WRITE);
            NewWebhookEndpoint body = NewWebhookEndpoint.fromJson(request.jsonObjectBody(), policy);
            return ApiResult.created(endpoints.create(caller, body));
        });
    }
}
