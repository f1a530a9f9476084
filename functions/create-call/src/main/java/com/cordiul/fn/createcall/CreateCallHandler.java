package com.cordiul.fn.createcall;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.cordiul.api.ApiEdge;
import com.cordiul.priming.ApiPrimer;
import com.cordiul.api.ApiResult;
import com.cordiul.identity.Caller;
import com.cordiul.http.Headers;
import com.cordiul.identity.Permission;
import com.cordiul.aws.AwsClients;
import com.cordiul.priming.ConditionalWritePrimer;
import com.cordiul.priming.DynamoPrimer;
import com.cordiul.calls.CallService;
import com.cordiul.calls.CallStore;
import com.cordiul.calls.CallerNumbers;
import com.cordiul.calls.CreateCallRequest;
import com.cordiul.calls.CreateCallResult;
import com.cordiul.chime.ChimeDialer;
import com.cordiul.priming.ChimePrimer;
import com.cordiul.chime.ThrottleRetry;
import com.cordiul.priming.ClassPreloader;
import com.cordiul.core.Environment;
import com.cordiul.ratelimit.RateLimitPolicy;
import com.cordiul.priming.RateLimitPrimer;
import com.cordiul.ratelimit.RateLimiter;
import com.cordiul.idempotency.IdempotencyKey;
import com.cordiul.idempotency.IdempotencyStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@code POST /api/calls/create}: records the call, dials it once through Chime SDK Voice, answers with it. */
public final class CreateCallHandler implements RequestStreamHandler {

    /** Set on a response replayed for a repeated Idempotency-Key. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private final CallService calls;
    private final RateLimitPolicy limits;

    /** Lambda's constructor: builds the clients once per instance. */
    public CreateCallHandler() {
        this(AwsClients.dynamoDb());
        ApiPrimer.registerOnce();
        ClassPreloader.registerFor(getClass());
    }

    private CreateCallHandler(DynamoDbClient dynamoDb) {
        this(new CallService(new CallStore(dynamoDb, Environment.require("CALLS_TABLE")),
                        IdempotencyStore.standard(dynamoDb, Environment.require("IDEMPOTENCY_TABLE")),
                        ChimePrimer.register(new ChimeDialer(AwsClients.chimeSdkVoice(),
                                Environment.require("SIP_MEDIA_APPLICATION_ID"), ThrottleRetry.standard())),
                        CallerNumbers.fromEnvironment(), Clock.systemUTC()),
                RateLimitPolicy.callCreation(RateLimitPrimer.register(RateLimiter.fromEnvironment(dynamoDb))));
        new DynamoPrimer(dynamoDb, Environment.require("IDEMPOTENCY_TABLE"), "pk").register();
        // The idempotency claim and the call record are conditional PutItems: prime that path too, writing nothing.
        new ConditionalWritePrimer(dynamoDb, Environment.require("IDEMPOTENCY_TABLE"),
                Map.of("pk", AttributeValue.fromS("priming-sentinel"))).register();
    }

    /** The tests' constructor. */
    public CreateCallHandler(CallService calls, RateLimitPolicy limits) {
        this.calls = calls;
        this.limits = limits;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ApiEdge.stream(input, output, limits, request -> {
            Caller caller = request.caller();
            caller.require(Permission.CALLS_WRITE);
            Optional<IdempotencyKey> key = IdempotencyKey.fromHeader(
                    Headers.all(request.event().getHeaders(), request.event().getMultiValueHeaders(),
                            IdempotencyKey.HEADER));
            CreateCallRequest call = calls.parse(request.jsonObjectBody());
            CreateCallResult result = calls.create(caller.owner(), call, key, request.quota()::countAcceptedCall);
            ApiResult response = new ApiResult(result.status(), result.data(), Map.of());
            return result.replayed() ? response.withHeader(REPLAYED_HEADER, "true") : response;
        });
    }
}
