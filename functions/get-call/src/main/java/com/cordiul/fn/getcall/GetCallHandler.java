package com.cordiul.fn.getcall;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.cordiul.api.ApiEdge;
import com.cordiul.api.ApiResult;
import com.cordiul.calls.CallLookup;
import com.cordiul.calls.CallView;
import com.cordiul.identity.Caller;
import com.cordiul.identity.Permission;
import com.cordiul.ratelimit.RateLimitPolicy;
import com.cordiul.wiring.CallsModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** {@code GET /api/calls/{id}}: one of the caller's calls; another owner's is a 404, like a missing one. */
public final class GetCallHandler implements RequestStreamHandler {

    private final CallLookup calls;
    private final RateLimitPolicy limits;

    /** Lambda's constructor: the calls family's wiring, built and primed once per instance. */
    public GetCallHandler() {
        this(CallsModule.instance().callLookup(), CallsModule.instance().requestLimits());
    }

    /** The tests' constructor. */
    public GetCallHandler(CallLookup calls, RateLimitPolicy limits) {
        this.calls = calls;
        this.limits = limits;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ApiEdge.stream(input, output, context, limits, request -> {
            Caller caller = request.caller();
            caller.require(Permission.CALLS_READ);
            String id = request.pathParameter("id").orElse("");
            return ApiResult.ok(CallView.of(calls.get(caller.owner(), id)));
        });
    }
}
