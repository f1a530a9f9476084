package com.cordiul.fn.revokeapikey;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.cordiul.api.ApiEdge;
import com.cordiul.api.ApiResult;
import com.cordiul.identity.Permission;
import com.cordiul.keys.ApiKeyService;
import com.cordiul.ratelimit.RateLimitPolicy;
import com.cordiul.wiring.KeysModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** {@code DELETE /api/api-keys/{id}}: revokes one of the caller's owner's keys; it is refused from then on. */
public final class RevokeApiKeyHandler implements RequestStreamHandler {

    private final ApiKeyService keys;
    private final RateLimitPolicy limits;

    /** Lambda's constructor: the keys family's wiring, built and primed once per instance. */
    public RevokeApiKeyHandler() {
        this(KeysModule.instance().apiKeys(), KeysModule.instance().requestLimits());
    }

    /** Tests' constructor. */
    public RevokeApiKeyHandler(ApiKeyService keys, RateLimitPolicy limits) {
        this.keys = keys;
        this.limits = limits;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ApiEdge.stream(input, output, context, limits, request -> {
            var caller = request.caller();
            caller.require(Permission.API_KEYS_WRITE);
            return ApiResult.ok(keys.revoke(caller, request.pathParameter("id").orElse("")));
        });
    }
}
