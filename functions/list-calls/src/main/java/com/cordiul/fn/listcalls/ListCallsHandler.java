package com.cordiul.fn.listcalls;

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
import com.cordiul.calls.CallListRequest;
import com.cordiul.calls.CallQueries;
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

/** {@code GET /api/calls/list}: the caller's calls, newest first, filtered and paged by key conditions. */
public final class ListCallsHandler implements RequestStreamHandler {

    private final CallQueries queries;
    private final RateLimitPolicy limits;

    /** Lambda's constructor: builds the client once per instance. */
    public ListCallsHandler() {
        this(AwsClients.dynamoDb(), Environment.require("CALLS_TABLE"));
        ApiPrimer.registerOnce();
        ClassPreloader.registerFor(getClass());
    }

    private ListCallsHandler(DynamoDbClient dynamoDb, String table) {
        this(new CallQueries(dynamoDb, table),
                RateLimitPolicy.requests(RateLimitPrimer.register(RateLimiter.fromEnvironment(dynamoDb))));
        new DynamoPrimer(dynamoDb, table, CallItems.key("priming-sentinel", "call_priming")).register();
    }

    /** The tests' constructor. */
    public ListCallsHandler(CallQueries queries, RateLimitPolicy limits) {
        this.queries = queries;
        this.limits = limits;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ApiEdge.stream(input, output, limits, request -> {
            Caller caller = request.caller();
            caller.require(Permission.CALLS_READ);
            CallListRequest query = CallListRequest.parse(request.queryNames(), request::query);
            return ApiResult.ok(CallView.page(queries.list(caller.owner(), query)));
        });
    }
}
