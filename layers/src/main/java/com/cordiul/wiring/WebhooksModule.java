package com.cordiul.wiring;

import com.cordiul.core.Environment;
import com.cordiul.core.SortableId;
import com.cordiul.priming.DynamoPrimer;
import com.cordiul.webhooks.DeliveryLog;
import com.cordiul.webhooks.WebhookDeliveryHistory;
import com.cordiul.webhooks.WebhookEndpointService;
import com.cordiul.webhooks.WebhookEndpointStore;
import com.cordiul.webhooks.WebhookSecret;
import com.cordiul.webhooks.url.WebhookAddressGuard;
import com.cordiul.webhooks.url.WebhookUrlPolicy;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The wiring of the webhook endpoints family: {@code POST /api/webhook-endpoints}, {@code GET} of it,
 * {@code DELETE /api/webhook-endpoints/{id}}, its {@code rotate-secret}, {@code enable} and {@code deliveries}.
 */
public final class WebhooksModule extends ApiModule {

    private static WebhooksModule instance;

    private WebhookEndpointStore store;
    private WebhookEndpointService endpoints;
    private WebhookDeliveryHistory history;
    private WebhookUrlPolicy policy;

    private WebhooksModule() {
    }

    /** This function instance's module, built on first use. */
    public static synchronized WebhooksModule instance() {
        if (instance == null) {
            instance = new WebhooksModule();
        }
        return instance;
    }

    /** Registering and managing endpoints. */
    public synchronized WebhookEndpointService webhookEndpoints() {
        if (endpoints == null) {
            endpoints = new WebhookEndpointService(endpointStore(), WebhookAddressGuard.system(),
                    WebhookSecret.secure(), SortableId.system(), Clock.systemUTC());
        }
        return endpoints;
    }

    /** Reading an endpoint's deliveries log, {@code WEBHOOK_DELIVERIES_TABLE}. */
    public synchronized WebhookDeliveryHistory deliveryHistory() {
        if (history == null) {
            String table = Environment.require("WEBHOOK_DELIVERIES_TABLE");
            new DynamoPrimer(dynamoDb(), table, Map.of(DeliveryLog.PK, AttributeValue.fromS(SENTINEL),
                    DeliveryLog.SK, AttributeValue.fromS(SENTINEL))).register();
            history = new WebhookDeliveryHistory(webhookEndpoints(), new DeliveryLog(dynamoDb(), table));
        }
        return history;
    }

    /** Which URLs are admitted, {@code WEBHOOK_ALLOW_LOCALHOST}. */
    public synchronized WebhookUrlPolicy urlPolicy() {
        if (policy == null) {
            policy = WebhookUrlPolicy.fromEnvironment();
        }
        return policy;
    }

    private synchronized WebhookEndpointStore endpointStore() {
        if (store == null) {
            String table = Environment.require("WEBHOOK_ENDPOINTS_TABLE");
            new DynamoPrimer(dynamoDb(), table, WebhookEndpointStore.key(SENTINEL, 0)).register();
            store = new WebhookEndpointStore(dynamoDb(), table);
        }
        return store;
    }
}
