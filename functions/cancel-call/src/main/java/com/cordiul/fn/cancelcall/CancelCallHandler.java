package com.cordiul.fn.cancelcall;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.cordiul.api.ApiEdge;
import com.cordiul.api.ApiResult;
import com.cordiul.calls.CallCanceller;
import com.cordiul.calls.CancelResult;
import com.cordiul.identity.Caller;
import com.cordiul.identity.Permission;
import com.cordiul.ratelimit.RateLimitPolicy;
import com.cordiul.wiring.CallsModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * {@code POST /api/calls/{id}/cancel}: a call still waiting to be dialed is canceled at once (200) and never
 * dialed; a dialed one is hung up (202; a call still ringing ends as the far end decides). An ended call is a 409,
 * another owner's or a missing one a 404; repeating a cancel is harmless.
 */
public final class CancelCallHandler implements RequestStreamHandler {

    private final CallCanceller calls;
    private final RateLimitPolicy limits;

    /** Lambda's constructor: the calls family's wiring, built and primed once per instance. */
    public CancelCallHandler() {
        this(CallsModule.instance().callCanceller(), CallsModule.instance().requestLimits());
    }

    /** The tests' constructor. */
    public CancelCallHandler(CallCanceller calls, RateLimitPolicy limits) {
        this.calls = calls;
        this.limits = limits;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ApiEdge.stream(input, output, context, limits, request -> {
            Caller caller = request.caller();
            caller.require(Permission.CALLS_WRITE);
            CancelResult result = calls.cancel(caller.owner(), request.pathParameter("id").orElse(""));
            return new ApiResult(result.status(), result.call(), Map.of());
        });
    }
}
