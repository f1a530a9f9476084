package com.cordiul.wiring;

import com.cordiul.aws.AwsClients;
import com.cordiul.calls.CallCanceller;
import com.cordiul.calls.CallEventHistory;
import com.cordiul.calls.CallLookup;
import com.cordiul.calls.CallQueries;
import com.cordiul.calls.CallService;
import com.cordiul.calls.CallerNumbers;
import com.cordiul.chime.ChimeCallUpdater;
import com.cordiul.chime.ThrottleRetry;
import com.cordiul.core.Environment;
import com.cordiul.dialqueue.DialQueue;
import com.cordiul.idempotency.IdempotencyStore;
import com.cordiul.priming.ChimeUpdatePrimer;
import com.cordiul.priming.ConditionalWritePrimer;
import com.cordiul.priming.DynamoPrimer;
import com.cordiul.priming.QueuePrimer;
import com.cordiul.ratelimit.RateLimitPolicy;
import com.cordiul.webhooks.delivery.EventStore;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The wiring of the calls family: {@code POST /api/calls/create}, {@code GET /api/calls/list},
 * {@code GET /api/calls/{id}}, {@code POST /api/calls/{id}/cancel}. Only create-call builds the dial queue, the
 * idempotency store and the call limits, and only cancel the Chime client, so each needs only its own configuration.
 * create-call never loads the Chime client: the dialer places the calls.
 */
public final class CallsModule extends ApiModule {

    private static CallsModule instance;

    private IdempotencyStore idempotency;
    private DialQueue dialQueue;
    private CallService callService;
    private RateLimitPolicy callCreationLimits;
    private CallLookup callLookup;
    private CallCanceller callCanceller;
    private CallEventHistory callEventHistory;

    private CallsModule() {
    }

    /** This function instance's module, built on first use. */
    public static synchronized CallsModule instance() {
        if (instance == null) {
            instance = new CallsModule();
        }
        return instance;
    }

    /** Accepting calls: the calls and idempotency tables, the queue counter, the dial queue, the caller numbers. */
    public synchronized CallService callService() {
        if (callService == null) {
            callService = new CallService(callStore(), idempotency(), queueDepth(), dialQueue(),
                    CallerNumbers.fromEnvironment(), Clock.systemUTC());
        }
        return callService;
    }

    /** Canceling calls: the calls table and Chime's UpdateSipMediaApplicationCall. */
    public synchronized CallCanceller callCanceller() {
        if (callCanceller == null) {
            ChimeCallUpdater updater = new ChimeCallUpdater(AwsClients.chimeSdkVoice(),
                    Environment.require("SIP_MEDIA_APPLICATION_ID"), ThrottleRetry.standard());
            new ChimeUpdatePrimer(updater).register();
            callCanceller = new CallCanceller(callStore(), updater, Clock.systemUTC());
        }
        return callCanceller;
    }

    /** The request limit and, for each accepted call, the call-creation limits. */
    public synchronized RateLimitPolicy callCreationLimits() {
        if (callCreationLimits == null) {
            callCreationLimits = RateLimitPolicy.callCreation(rateLimiter());
        }
        return callCreationLimits;
    }

    /** Reading one call. */
    public synchronized CallLookup callLookup() {
        if (callLookup == null) {
            callLookup = new CallLookup(callStore());
        }
        return callLookup;
    }

    /** A call's webhook event history: the calls table and {@code WEBHOOK_EVENTS_TABLE}. */
    public synchronized CallEventHistory callEventHistory() {
        if (callEventHistory == null) {
            String table = Environment.require("WEBHOOK_EVENTS_TABLE");
            new DynamoPrimer(dynamoDb(), table, EventStore.key(SENTINEL, SENTINEL)).register();
            callEventHistory = new CallEventHistory(callLookup(), new EventStore(dynamoDb(), table));
        }
        return callEventHistory;
    }

    /** Listing calls (its store primed like the others' reads). */
    public synchronized CallQueries callQueries() {
        callStore();
        return queries();
    }

    private IdempotencyStore idempotency() {
        if (idempotency == null) {
            String table = Environment.require("IDEMPOTENCY_TABLE");
            new DynamoPrimer(dynamoDb(), table, "pk").register();
            // The claim and the call record are conditional PutItems: prime that path too, writing nothing.
            new ConditionalWritePrimer(dynamoDb(), table, Map.of("pk", AttributeValue.fromS(SENTINEL))).register();
            idempotency = IdempotencyStore.standard(dynamoDb(), table);
        }
        return idempotency;
    }

    private DialQueue dialQueue() {
        if (dialQueue == null) {
            dialQueue = new DialQueue(sqs(), Environment.require("DIAL_QUEUE_URL"));
            new QueuePrimer(dialQueue).register();
        }
        return dialQueue;
    }
}
