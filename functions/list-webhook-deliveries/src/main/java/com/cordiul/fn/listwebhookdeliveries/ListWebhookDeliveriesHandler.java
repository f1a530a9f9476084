package com.cordiul.fn.listwebhookdeliveries;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.cordiul.api.ApiEdge;
import com.cordiul.api.ApiResult;
import com.cordiul.identity.Permission;
import com.cordiul.ratelimit.RateLimitPolicy;
import com.cordiul.webhooks.DeliveryAttemptListing;
import com.cordiul.webhooks.WebhookDeliveryHistory;
import com.cordiul.wiring.WebhooksModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** {@code GET /api/webhook-endpoints/{id}/deliveries}: the endpoint's recent delivery attempts, newest first. */
public final class ListWebhookDeliveriesHandler implements RequestStreamHandler {

    private final WebhookDeliveryHistory history;
    private final RateLimitPolicy limits;

    /** Lambda's constructor: the webhook endpoints family's wiring, built and primed once per instance. */
    public ListWebhookDeliveriesHandler() {
        this(WebhooksModule.instance().deliveryHistory(), WebhooksModule.instance().requestLimits());
    }

    /** Tests' constructor. */
    public ListWebhookDeliveriesHandler(WebhookDeliveryHistory history, RateLimitPolicy limits) {
        this.history = history;
        this.limits = limits;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ApiEdge.stream(input, output, context, limits, request -> {
            var caller = request.caller();
            caller.require(Permission.WEBHOOKS_READ);
            int limit = WebhookDeliveryHistory.limit(request.queryNames(), request.query("limit"));
            return ApiResult.ok(new DeliveryAttemptListing(history.recent(caller,
                    request.pathParameter("id").orElse(""), limit)));
        });
    }
}
