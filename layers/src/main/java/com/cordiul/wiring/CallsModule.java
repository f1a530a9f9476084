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

    private final Lazy<IdempotencyStore> idempotency = new Lazy<>(() -> {
        String table = Environment.require("IDEMPOTENCY_TABLE");
        new DynamoPrimer(dynamoDb(), table, "pk").register();
        // The claim and the call record are conditional PutItems: prime that path too, writing nothing.
        new ConditionalWritePrimer(dynamoDb(), table, Map.of("pk", AttributeValue.fromS(SENTINEL))).register();
        return IdempotencyStore.standard(dynamoDb(), table);
    });
    private final Lazy<ChimeDialer> dialer = new Lazy<>(() -> {
        ChimeDialer dialer = new ChimeDialer(AwsClients.chimeSdkVoice(),
                Environment.require("SIP_MEDIA_APPLICATION_ID"), ThrottleRetry.standard());
        new ChimePrimer(dialer).register();
        return dialer;
    });
    private final Lazy<CallService> callService = new Lazy<>(() -> new CallService(callStore(), idempotency.get(),
            dialer.get(), CallerNumbers.fromEnvironment(), Clock.systemUTC()));
    private final Lazy<RateLimitPolicy> callCreationLimits = new Lazy<>(() ->
            RateLimitPolicy.callCreation(rateLimiter()));
    private final Lazy<CallLookup> callLookup = new Lazy<>(() -> new CallLookup(callStore()));
    private final Lazy<CallQueries> callQueries = new Lazy<>(() -> new CallQueries(dynamoDb(), callStore().table()));

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
    public CallService callService() {
        return callService.get();
    }

    /** The request limit and, for each accepted call, the call-creation limits. */
    public RateLimitPolicy callCreationLimits() {
        return callCreationLimits.get();
    }

    /** Reading one call. */
    public CallLookup callLookup() {
        return callLookup.get();
    }

    /** Listing calls. */
    public CallQueries callQueries() {
        return callQueries.get();
    }
}
