package com.cordiul.wiring;

import com.cordiul.aws.AwsClients;
import com.cordiul.calls.CallEventPublisher;
import com.cordiul.calls.CallItems;
import com.cordiul.calls.CallQueries;
import com.cordiul.calls.CallStore;
import com.cordiul.core.Environment;
import com.cordiul.dialer.DialPacer;
import com.cordiul.dialer.DialTransitions;
import com.cordiul.dialqueue.QueueDepth;
import com.cordiul.keys.ApiKeyStore;
import com.cordiul.priming.ClassPreloader;
import com.cordiul.priming.DynamoPrimer;
import com.cordiul.webhooks.delivery.CrashPoint;
import com.cordiul.webhooks.delivery.EventStore;
import com.cordiul.webhooks.delivery.WebhookEvents;
import com.cordiul.webhooks.delivery.WebhookQueue;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What every function family's wiring shares, written by hand in the manner of a Dagger module: the one DynamoDB
 * client and the stores over the template's tables. Each is built once per function instance, on first use, which is
 * during init (the handler's Lambda constructor asks its family's module for what it needs), and registers its
 * SnapStart primer right where it is built. A function builds only what it asks for, so it reads only the
 * configuration of what it uses. The providers are plain synchronized methods, not lambdas: a lambda per provider
 * would spin a class at init and load the types it names, used or not. One module per function instance: the
 * function's class loader holds one.
 */
abstract class FunctionModule {

    /** The key of the item every store primer reads: no item ever has it. */
    static final String SENTINEL = "priming-sentinel";

    private DynamoDbClient dynamoDb;
    private SqsClient sqs;
    private ApiKeyStore apiKeyStore;
    private CallStore callStore;
    private CallQueries callQueries;
    private DialPacer dialPacer;
    private QueueDepth queueDepth;
    private WebhookEvents webhookEvents;

    /** Registers the preloader of the function's class list, the first thing every function primes. */
    FunctionModule() {
        ClassPreloader.of(getClass()).register();
    }

    /** The function's one DynamoDB client. */
    protected final synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = AwsClients.dynamoDb();
        }
        return dynamoDb;
    }

    /** The function's one SQS client. */
    protected final synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = AwsClients.sqs();
        }
        return sqs;
    }

    /** The keys table, {@code API_KEYS_TABLE}. */
    protected final synchronized ApiKeyStore apiKeyStore() {
        if (apiKeyStore == null) {
            String table = Environment.require("API_KEYS_TABLE");
            new DynamoPrimer(dynamoDb(), table, ApiKeyStore.KEY_HASH).register();
            apiKeyStore = new ApiKeyStore(dynamoDb(), table);
        }
        return apiKeyStore;
    }

    /**
     * The calls table, {@code CALLS_TABLE}. Every function's store hands its changes to the dial pipeline's
     * transitions (a call that ends frees its pacer slot or its queue count), built on the first change, so a
     * function that only reads calls never builds them.
     */
    protected final synchronized CallStore callStore() {
        if (callStore == null) {
            String table = Environment.require("CALLS_TABLE");
            new DynamoPrimer(dynamoDb(), table, CallItems.key(SENTINEL, SENTINEL)).register();
            callStore = new CallStore(dynamoDb(), table, new DialTransitions(this::dialPacer, this::queueDepth),
                    new CallEventPublisher(this::webhookEvents), Clock.systemUTC(), CrashPoint.none());
        }
        return callStore;
    }

    /**
     * The webhook pipeline's entry point, {@code WEBHOOK_EVENTS_TABLE} and {@code WEBHOOK_EVENT_QUEUE_URL}: built on
     * the first status change a function writes.
     */
    protected final synchronized WebhookEvents webhookEvents() {
        if (webhookEvents == null) {
            webhookEvents = new WebhookEvents(new EventStore(dynamoDb(), Environment.require("WEBHOOK_EVENTS_TABLE")),
                    new WebhookQueue(sqs(), Environment.require("WEBHOOK_EVENT_QUEUE_URL")),
                    Clock.systemUTC(), CrashPoint.none());
        }
        return webhookEvents;
    }

    /** Listing and counting calls. */
    protected final synchronized CallQueries queries() {
        if (callQueries == null) {
            callQueries = new CallQueries(dynamoDb(), Environment.require("CALLS_TABLE"));
        }
        return callQueries;
    }

    /** The dial pacer on {@code DIAL_CONTROL_TABLE}, with the Chime quota of the environment. */
    protected final synchronized DialPacer dialPacer() {
        if (dialPacer == null) {
            dialPacer = DialPacer.fromEnvironment(dynamoDb(), Clock.systemUTC());
        }
        return dialPacer;
    }

    /** Each owner's count of calls not dialed yet, on {@code DIAL_CONTROL_TABLE}, recounted from the calls. */
    protected final synchronized QueueDepth queueDepth() {
        if (queueDepth == null) {
            CallQueries counting = queries();
            queueDepth = QueueDepth.fromEnvironment(dynamoDb(), counting::countWaiting);
        }
        return queueDepth;
    }
}
