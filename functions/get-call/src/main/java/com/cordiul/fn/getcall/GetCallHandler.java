package com.cordiul.fn.getcall;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.cordiul.api.ApiEdge;
import com.cordiul.priming.ApiPrimer;
import com.cordiul.api.ApiResult;
import com.cordiul.identity.Caller;
import com.cordiul.identity.Permission;
import com.cordiul.aws.AwsClients;
import com.cordiul.priming.DynamoPrimer;
import com.cordiul.calls.CallItems;
import com.cordiul.calls.CallLookup;
import com.cordiul.calls.CallStore;
import com.cordiul.calls.CallView;
import com.cordiul.priming.ClassPreloader;
import com.cordiul.core.Environment;
import com.cordiul.ratelimit.RateLimitPolicy;
import com.cordiul.priming.RateLimitPrimer;
import com.cordiul.ratelimit.RateLimiter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code GET /api/calls/{id}}: one of the caller's calls; another owner's is a 404, like a missing one. */
public final class GetCallHandler implements RequestStreamHandler {

    private final CallLookup calls;
    private final RateLimitPolicy limits;

    /** Lambda's constructor: builds the client once per instance. */
    public GetCallHandler() {
        this(AwsClients.dynamoDb(), Environment.require("CALLS_TABLE"));
        ApiPrimer.registerOnce();
        ClassPreloader.registerFor(getClass());
    }

    private GetCallHandler(DynamoDbClient dynamoDb, String table) {
        this(new CallLookup(new CallStore(dynamoDb, table)),
                RateLimitPolicy.requests(RateLimitPrimer.register(RateLimiter.fromEnvironment(dynamoDb))));
        new DynamoPrimer(dynamoDb, table, CallItems.key("priming-sentinel", "call_priming")).register();
    }

    /** The tests' constructor. */
    public GetCallHandler(CallLookup calls, RateLimitPolicy limits) {
        this.calls = calls;
        this.limits = limits;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ApiEdge.stream(input, output, limits, request -> {
            Caller caller = request.caller();
            caller.require(Permission.CALLS_READ);
            String id = request.pathParameter("id").orElse("");
            return ApiResult.ok(CallView.of(calls.get(caller.owner(), id)));
        });
    }
}
