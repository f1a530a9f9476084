package com.cordiul.fn.listcallevents;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.cordiul.api.ApiEdge;
import com.cordiul.api.ApiResult;
import com.cordiul.calls.CallEventHistory;
import com.cordiul.identity.Caller;
import com.cordiul.identity.Permission;
import com.cordiul.ratelimit.RateLimitPolicy;
import com.cordiul.wiring.CallsModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * {@code GET /api/calls/{id}/events}: the webhook events of one of the caller's calls, with the ids and bodies their
 * deliveries carry; another owner's call is a 404, like a missing one.
 */
public final class ListCallEventsHandler implements RequestStreamHandler {

    private final CallEventHistory history;
    private final RateLimitPolicy limits;

    /** Lambda's constructor: the calls family's wiring, built and primed once per instance. */
    public ListCallEventsHandler() {
        this(CallsModule.instance().callEventHistory(), CallsModule.instance().requestLimits());
    }

    /** The tests' constructor. */
    public ListCallEventsHandler(CallEventHistory history, RateLimitPolicy limits) {
        this.history = history;
        this.limits = limits;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ApiEdge.stream(input, output, context, limits, request -> {
            Caller caller = request.caller();
            caller.require(Permission.CALLS_READ);
            String id = request.pathParameter("id").orElse("");
            return ApiResult.ok(history.of(caller.owner(), id));
        });
    }
}
