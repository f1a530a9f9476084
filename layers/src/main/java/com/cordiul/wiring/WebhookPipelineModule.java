package com.cordiul.wiring;

import com.cordiul.calls.StatusEventReconciler;
import com.cordiul.core.Environment;
import com.cordiul.priming.DynamoPrimer;
import com.cordiul.queue.BatchProcessor;
import com.cordiul.webhooks.DeliveryLog;
import com.cordiul.webhooks.WebhookEndpointStore;
import com.cordiul.webhooks.delivery.CrashPoint;
import com.cordiul.webhooks.delivery.DeliveryReconciler;
import com.cordiul.webhooks.delivery.DeliveryStore;
import com.cordiul.webhooks.delivery.DeliveryWorker;
import com.cordiul.webhooks.delivery.EventStore;
import com.cordiul.webhooks.delivery.FanOut;
import com.cordiul.webhooks.delivery.RetrySchedule;
import com.cordiul.webhooks.delivery.WebhookHttpClient;
import com.cordiul.webhooks.delivery.WebhookQueue;
import com.cordiul.webhooks.url.WebhookAddressGuard;
import com.cordiul.webhooks.url.WebhookUrlPolicy;
import java.time.Clock;
import java.util.Map;
import java.util.Random;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The wiring of the webhook pipeline's functions: the dispatcher (fan-out), the delivery function and the
 * reconciler (which also finishes the calls' status events whose writer died). Each function builds only what
 * it uses, so it reads only those tables' and queues' variables.
 */
public final class WebhookPipelineModule extends FunctionModule {

    /** Messages of one delivery batch attempted at once: the event source mapping's batch size. */
    public static final int BATCH_SIZE = 10;

    private static WebhookPipelineModule instance;

    private EventStore events;
    private DeliveryStore deliveries;
    private WebhookEndpointStore endpoints;
    private WebhookQueue deliveryQueue;
    private FanOut fanOut;
    private DeliveryWorker worker;
    private DeliveryReconciler reconciler;
    private StatusEventReconciler statusEvents;
    private BatchProcessor batches;

    private WebhookPipelineModule() {
    }

    /** This function instance's module, built on first use. */
    public static synchronized WebhookPipelineModule instance() {
        if (instance == null) {
            instance = new WebhookPipelineModule();
        }
        return instance;
    }

    /** The call side's reconciler of status events whose writer died: the calls table and the entry point. */
    public synchronized StatusEventReconciler statusEventReconciler() {
        if (statusEvents == null) {
            statusEvents = new StatusEventReconciler(callStore(), Clock.systemUTC());
        }
        return statusEvents;
    }

    /** The dispatcher's fan-out. */
    public synchronized FanOut fanOut() {
        if (fanOut == null) {
            fanOut = new FanOut(eventStore(), endpointStore(), deliveryStore(), deliveryQueue(), Clock.systemUTC(),
                    CrashPoint.none());
        }
        return fanOut;
    }

    /** The delivery function's worker; {@code WEBHOOK_ENDPOINT_CONCURRENCY} attempts per endpoint at once. */
    public synchronized DeliveryWorker deliveryWorker() {
        if (worker == null) {
            String table = Environment.require("WEBHOOK_DELIVERIES_TABLE");
            int concurrency = Integer.parseInt(Environment.getOrDefault("WEBHOOK_ENDPOINT_CONCURRENCY", "10"));
            var delivering = new DeliveryWorker.Delivering(WebhookUrlPolicy.fromEnvironment(),
                    WebhookAddressGuard.system(), WebhookHttpClient.standard());
            worker = new DeliveryWorker(deliveryStore(), endpointStore(), eventStore(),
                    new DeliveryLog(dynamoDb(), table), delivering, deliveryQueue(),
                    RetrySchedule.standard(new Random()), Clock.systemUTC(), concurrency, CrashPoint.none());
        }
        return worker;
    }

    /** The reconciler. */
    public synchronized DeliveryReconciler reconciler() {
        if (reconciler == null) {
            reconciler = new DeliveryReconciler(eventStore(), deliveryStore(), fanOut(), deliveryQueue(),
                    Clock.systemUTC());
        }
        return reconciler;
    }

    /** The threads a batch's messages are handled on. */
    public synchronized BatchProcessor batchProcessor() {
        if (batches == null) {
            batches = BatchProcessor.withThreads(BATCH_SIZE);
        }
        return batches;
    }

    private synchronized EventStore eventStore() {
        if (events == null) {
            String table = Environment.require("WEBHOOK_EVENTS_TABLE");
            new DynamoPrimer(dynamoDb(), table, EventStore.key(SENTINEL, SENTINEL)).register();
            events = new EventStore(dynamoDb(), table);
        }
        return events;
    }

    private synchronized DeliveryStore deliveryStore() {
        if (deliveries == null) {
            String table = Environment.require("WEBHOOK_DELIVERIES_TABLE");
            new DynamoPrimer(dynamoDb(), table, Map.of(DeliveryLog.PK, AttributeValue.fromS(SENTINEL),
                    DeliveryLog.SK, AttributeValue.fromS(SENTINEL))).register();
            deliveries = new DeliveryStore(dynamoDb(), table);
        }
        return deliveries;
    }

    private synchronized WebhookEndpointStore endpointStore() {
        if (endpoints == null) {
            String table = Environment.require("WEBHOOK_ENDPOINTS_TABLE");
            new DynamoPrimer(dynamoDb(), table, WebhookEndpointStore.key(SENTINEL, 0)).register();
            endpoints = new WebhookEndpointStore(dynamoDb(), table);
        }
        return endpoints;
    }

    private synchronized WebhookQueue deliveryQueue() {
        if (deliveryQueue == null) {
            deliveryQueue = new WebhookQueue(sqs(), Environment.require("WEBHOOK_DELIVERY_QUEUE_URL"));
        }
        return deliveryQueue;
    }
}
