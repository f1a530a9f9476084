package com.cordiul.wiring;

import com.cordiul.aws.AwsClients;
import com.cordiul.calls.CallLookup;
import com.cordiul.calls.CallQueries;
import com.cordiul.calls.CallService;
import com.cordiul.calls.CallerNumbers;
import com.cordiul.chime.ChimeDialer;
import com.cordiul.chime.ThrottleRetry;
import com.cordiul.core.Environment;
import com.cordiul.idempotency.IdempotencyStore;
import com.cordiul.priming.ChimePrimer;
import com.cordiul.priming.ConditionalWritePrimer;
import com.cordiul.priming.DynamoPrimer;
import com.cordiul.ratelimit.RateLimitPolicy;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The wiring of the calls family: {@code POST /api/calls/create}, {@code GET /api/calls/list},
 * {@code GET /api/calls/{id}}. Only create-call builds the Chime client, the idempotency store and the call
 * limits, so only it needs their configuration.
 */
public final class CallsModule extends ApiModule {

    private static CallsModule instance;

    private IdempotencyStore idempotency;
    private ChimeDialer dialer;
    private CallService callService;
    private RateLimitPolicy callCreationLimits;
    private CallLookup callLookup;
    private CallQueries callQueries;

    private CallsModule() {
    }

    /** This function instance's module, built on first use. */
    public static synchronized CallsModule instance() {
        if (instance == null) {
            instance = new CallsModule();
        }
        return instance;
    }

    /** Placing calls: the calls and idempotency tables, Chime, the caller numbers. */
    public synchronized CallService callService() {
        if (callService == null) {
            callService = new CallService(callStore(), idempotency(), dialer(), CallerNumbers.fromEnvironment(),
                    Clock.systemUTC());
        }
        return callService;
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

    /** Listing calls. */
    public synchronized CallQueries callQueries() {
        if (callQueries == null) {
            callQueries = new CallQueries(dynamoDb(), callStore().table());
        }
        return callQueries;
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

    private ChimeDialer dialer() {
        if (dialer == null) {
            dialer = new ChimeDialer(AwsClients.chimeSdkVoice(), Environment.require("SIP_MEDIA_APPLICATION_ID"),
                    ThrottleRetry.standard());
            new ChimePrimer(dialer).register();
        }
        return dialer;
    }
}
