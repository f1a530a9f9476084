package com.cordiul.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.cordiul.auth.CredentialExtractor;
import com.cordiul.core.RetryAfter;
import com.cordiul.logging.Log;
import com.cordiul.ratelimit.RateLimitPolicy;
import com.cordiul.ratelimit.RateLimitedException;
import com.cordiul.ratelimit.RequestQuota;
import com.cordiul.telemetry.FunctionInvocation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs one API operation and renders its outcome: the envelope, the status, the request id header, and for a
 * failure a status chosen by {@link ErrorMapper}. Nothing thrown inside ever reaches the client as text.
 */
public final class ApiEdge {

    /** Header that carries API Gateway's request id back to the client. */
    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    /** One operation of one route. */
    @FunctionalInterface
    public interface Operation {
        /** Parses, authorizes, calls the service; throws a CordiulException for any refusal. */
        ApiResult run(ApiRequest request);
    }

    private ApiEdge() {
    }

    /**
     * A stream handler's whole invocation: reads the proxy event, lets the route answer it, writes the response,
     * all inside the invocation's telemetry ({@link FunctionInvocation}: the Context reaches every log line, the
     * metrics are printed once at the end). An event that cannot be read (never sent by API Gateway) is answered 500
     * in the envelope, not with a trace.
     */
    public static void stream(InputStream input, OutputStream output, Context context,
                              Function<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> route)
            throws IOException {
        try (FunctionInvocation invocation = FunctionInvocation.start(context)) {
            APIGatewayProxyRequestEvent event;
            try {
                event = ProxyEvents.read(input.readAllBytes());
            } catch (RuntimeException unreadable) {
                Log.error("the proxy event could not be read", unreadable);
                String body = Envelope.error(ErrorMapper.code(unreadable), ErrorMapper.message(unreadable), null,
                        "unknown");
                ProxyEvents.write(new APIGatewayProxyResponseEvent().withStatusCode(500)
                        .withHeaders(baseHeaders("unknown")).withBody(body).withIsBase64Encoded(false), output);
                return;
            }
            ProxyEvents.write(route.apply(event), output);
        }
    }

    /**
     * A route's whole invocation as a stream handler: reads the event, runs the operation under the limits, with
     * Lambda's {@code context} (what every API handler passes on).
     */
    public static void stream(InputStream input, OutputStream output, Context context, RateLimitPolicy limits,
                              Operation operation) throws IOException {
        stream(input, output, context, event -> handle(event, limits, operation));
    }

    /** Runs the operation for the event and renders the response, with no rate limit. */
    public static APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event, Operation operation) {
        return handle(event, null, operation);
    }

    /**
     * Runs the operation for the event and renders the response. The caller's request is counted against the
     * route's rate limits (when a policy is given): as it arrives, or, on a route that counts accepted calls, by the
     * operation or else when it is answered ({@link RequestQuota}). Every response, refusals included, says where
     * the caller stands.
     */
    public static APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event, RateLimitPolicy limits,
                                                      Operation operation) {
        ApiRequest arrived = new ApiRequest(event);
        String requestId = arrived.requestId();
        Log.begin(requestId, event.getRequestContext() == null ? null : event.getRequestContext().getAuthorizer());
        RequestQuota quota = RequestQuota.unlimited();
        try {
            if (limits != null) {
                quota = limits.quota(arrived.caller());
            }
            if (!quota.defersCounting()) {
                // Counted first, so that even the refusal of a repeated credential says where the caller stands.
                quota.countRequest();
            }
            CredentialExtractor.requireUnambiguous(event.getHeaders(), event.getMultiValueHeaders());
            ApiResult result = operation.run(new ApiRequest(event, quota));
            quota.countRequest();
            Map<String, String> headers = baseHeaders(requestId);
            headers.putAll(quota.headers());
            headers.putAll(result.headers());
            Log.info("request completed", "status", result.status(), "route", event.getResource());
            return new APIGatewayProxyResponseEvent().withStatusCode(result.status()).withHeaders(headers)
                    .withBody(Envelope.success(result.data())).withIsBase64Encoded(false);
        } catch (Throwable failure) {
            return failure(requestId, event.getResource(), countedAnyway(quota, failure), quota.headers());
        } finally {
            Log.end();
        }
    }

    /**
     * A request the operation refused still counts against the request limit. If counting it fails (the request is
     * beyond the limit, or the limiter's store is down), that is the answer, as it would have been had it been
     * counted first.
     */
    private static Throwable countedAnyway(RequestQuota quota, Throwable failure) {
        if (quota.settled() || failure instanceof Error && !(failure instanceof StackOverflowError)) {
            return failure;
        }
        try {
            quota.countRequest();
            return failure;
        } catch (RuntimeException countingFailed) {
            return countingFailed;
        }
    }

    private static APIGatewayProxyResponseEvent failure(String requestId, String route, Throwable failure,
                                                        Map<String, String> limitHeaders) {
        if (failure instanceof Error error && !(failure instanceof StackOverflowError)) {
            throw error;
        }
        int status = ErrorMapper.status(failure);
        Map<String, String> headers = baseHeaders(requestId);
        headers.putAll(failure instanceof RateLimitedException limited ? limited.headers() : limitHeaders);
        if (failure instanceof RetryAfter retry && (retry.retryAfterSeconds() > 0 || status >= 500)) {
            headers.put("Retry-After", Integer.toString(Math.max(1, retry.retryAfterSeconds())));
        } else if (status == 503) {
            headers.put("Retry-After", "1");
        }
        if (status >= 500) {
            Log.error("request failed", failure, "status", status, "route", route);
        } else {
            Log.info("request refused", "status", status, "route", route, "code", ErrorMapper.code(failure));
        }
        String body = Envelope.error(ErrorMapper.code(failure), ErrorMapper.message(failure),
                ErrorMapper.field(failure), requestId);
        return new APIGatewayProxyResponseEvent().withStatusCode(status).withHeaders(headers).withBody(body)
                .withIsBase64Encoded(false);
    }

    private static Map<String, String> baseHeaders(String requestId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put(REQUEST_ID_HEADER, requestId);
        headers.put("Cache-Control", "no-store");
        return headers;
    }
}
