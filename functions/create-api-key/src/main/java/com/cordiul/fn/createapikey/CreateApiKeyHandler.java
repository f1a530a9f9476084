package com.cordiul.fn.createapikey;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.cordiul.api.ApiEdge;
import com.cordiul.api.ApiResult;
import com.cordiul.identity.Permission;
import com.cordiul.keys.ApiKeyService;
import com.cordiul.keys.NewApiKey;
import com.cordiul.ratelimit.RateLimitPolicy;
import com.cordiul.wiring.KeysModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** {@code POST /api/api-keys}: creates a key for the caller's owner and shows it this one time. */
public final class CreateApiKeyHandler implements RequestStreamHandler {

    private final ApiKeyService keys;
    private final RateLimitPolicy limits;

    /** Lambda's constructor: the keys family's wiring, built and primed once per instance. */
    public CreateApiKeyHandler() {
        this(KeysModule.instance().apiKeys(), KeysModule.instance().requestLimits());
    }

    /** Tests' constructor. */
    public CreateApiKeyHandler(ApiKeyService keys, RateLimitPolicy limits) {
        this.keys = keys;
        this.limits = limits;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ApiEdge.stream(input, output, context, limits, request -> {
            var caller = request.caller();
            caller.require(Permission.API_KEYS_WRITE);
            NewApiKey body = NewApiKey.fromJson(request.jsonObjectBody());
            return ApiResult.created(keys.create(caller, body));
        });
    }
}
