package com.cordiul.fn.listcalls;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.cordiul.api.ApiEdge;
import com.cordiul.api.ApiResult;
import com.cordiul.calls.CallListRequest;
import com.cordiul.calls.CallQueries;
import com.cordiul.calls.CallView;
import com.cordiul.identity.Caller;
import com.cordiul.identity.Permission;
import com.cordiul.ratelimit.RateLimitPolicy;
import com.cordiul.wiring.CallsModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** {@code GET /api/calls/list}: the caller's calls, newest first, filtered and paged by key conditions. */
public final class ListCallsHandler implements RequestStreamHandler {

    private final CallQueries queries;
    private final RateLimitPolicy limits;

    /** Lambda's constructor: the calls family's wiring, built and primed once per instance. */
    public ListCallsHandler() {
        this(CallsModule.instance().callQueries(), CallsModule.instance().requestLimits());
    }

    /** The tests' constructor. */
    public ListCallsHandler(CallQueries queries, RateLimitPolicy limits) {
        this.queries = queries;
        this.limits = limits;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ApiEdge.stream(input, output, context, limits, request -> {
            Caller caller = request.caller();
            caller.require(Permission.CALLS_READ);
            CallListRequest query = CallListRequest.parse(request.queryNames(), request::query);
            return ApiResult.ok(CallView.page(queries.list(caller.owner(), query)));
        });
    }
}
