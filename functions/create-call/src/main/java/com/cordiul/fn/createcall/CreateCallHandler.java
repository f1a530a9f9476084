package com.cordiul.fn.createcall;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.cordiul.api.ApiEdge;
import com.cordiul.api.ApiResult;
import com.cordiul.calls.CallService;
import com.cordiul.calls.CreateCallRequest;
import com.cordiul.calls.CreateCallResult;
import com.cordiul.http.Headers;
import com.cordiul.idempotency.IdempotencyKey;
import com.cordiul.identity.Caller;
import com.cordiul.identity.Permission;
import com.cordiul.ratelimit.RateLimitPolicy;
import com.cordiul.wiring.CallsModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/calls/create}: records the call, dials it once through Chime SDK Voice, answers with it. The
 * request is validated before anything else, and counts against the call-creation limits only as an accepted call
 * (not when refused as invalid, not as a replay): {@link CallService#create} admits it at the right moment.
 */
public final class CreateCallHandler implements RequestStreamHandler {

    /** Set on a response replayed for a repeated Idempotency-Key. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private final CallService calls;
    private final RateLimitPolicy limits;

    /** Lambda's constructor: the calls family's wiring, built and primed once per instance. */
    public CreateCallHandler() {
        this(CallsModule.instance().callService(), CallsModule.instance().callCreationLimits());
    }

    /** The tests' constructor. */
    public CreateCallHandler(CallService calls, RateLimitPolicy limits) {
        this.calls = calls;
        this.limits = limits;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ApiEdge.stream(input, output, context, limits, request -> {
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
