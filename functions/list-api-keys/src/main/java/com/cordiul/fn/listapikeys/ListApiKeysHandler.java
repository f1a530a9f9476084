package com.cordiul.fn.listapikeys;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.cordiul.api.ApiEdge;
import com.cordiul.priming.ApiPrimer;
import com.cordiul.api.ApiResult;
import com.cordiul.identity.Permission;
import com.cordiul.aws.AwsClients;
import com.cordiul.priming.DynamoPrimer;
import com.cordiul.priming.ClassPreloader;
import com.cordiul.core.Environment;
import com.cordiul.ratelimit.RateLimitPolicy;
import com.cordiul.priming.RateLimitPrimer;
import com.cordiul.ratelimit.RateLimiter;
import com.cordiul.keys.ApiKeyService;
import com.cordiul.keys.ApiKeyStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import com.cordiul.keys.ApiKeyListing;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code GET /api/api-keys}: the caller's owner's keys, newest first, never the keys themselves. */
public final class ListApiKeysHandler implements RequestStreamHandler {

    private final ApiKeyService keys;
    private final RateLimitPolicy limits;

    /** Lambda's constructor: one client and service per function instance, primed before the snapshot. */
    public ListApiKeysHandler() {
        this(AwsClients.dynamoDb(), Environment.require("API_KEYS_TABLE"));
        ApiPrimer.registerOnce();
        ClassPreloader.registerFor(getClass());
    }

    private ListApiKeysHandler(DynamoDbClient dynamoDb, String table) {
        this(ApiKeyService.over(dynamoDb, table),
                RateLimitPolicy.requests(RateLimitPrimer.register(RateLimiter.fromEnvironment(dynamoDb))));
        new DynamoPrimer(dynamoDb, table, ApiKeyStore.KEY_HASH).register();
    }

    /** Tests' constructor. */
    public ListApiKeysHandler(ApiKeyService keys, RateLimitPolicy limits) {
        this.keys = keys;
        this.limits = limits;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ApiEdge.stream(input, output, limits, request -> {
            var caller = request.caller();
            caller.require(Permission.API_KEYS_READ);
            return ApiResult.ok(new ApiKeyListing(keys.list(caller)));
        });
    }
}
