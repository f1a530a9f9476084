package com.cordiul.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.cordiul.core.InvalidRequestException;
import com.cordiul.core.Json;
import com.cordiul.core.MalformedJsonException;
import com.cordiul.http.Headers;
import com.cordiul.identity.Caller;
import com.cordiul.ratelimit.RequestQuota;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A REST proxy event, read the way every handler needs it: headers, query, path, a bounded strict JSON body. */
public final class ApiRequest {

    /** Bodies larger than this are refused before parsing. */
    public static final int MAX_BODY_BYTES = 16 * 1024;

    private final APIGatewayProxyRequestEvent event;
    private final RequestQuota quota;

    /** The event, counted against no limit. */
    public ApiRequest(APIGatewayProxyRequestEvent event) {
        this(event, RequestQuota.unlimited());
    }

    /** The event, counted against its route's limits by {@code quota}. */
    public ApiRequest(APIGatewayProxyRequestEvent event, RequestQuota quota) {
        this.event = event;
        this.quota = quota;
    }

    /** The raw event. */
    public APIGatewayProxyRequestEvent event() {
        return event;
    }

    /** How this request counts against its route's rate limits (call creation counts accepted calls with it). */
    public RequestQuota quota() {
        return quota;
    }

    /** API Gateway's request id, also sent back to the client. */
    public String requestId() {
        var ctx = event.getRequestContext();
        return ctx != null && ctx.getRequestId() != null ? ctx.getRequestId() : "unknown";
    }

    /** The caller the authorizer established. */
    public Caller caller() {
        var ctx = event.getRequestContext();
        return Caller.fromContext(ctx == null ? null : ctx.getAuthorizer());
    }

    /** A header's value; names are case-insensitive, as in HTTP. */
    public Optional<String> header(String name) {
        return Headers.first(event.getHeaders(), event.getMultiValueHeaders(), name);
    }

    /** A path parameter of the route, e.g. {@code id} of {@code /api/calls/{id}}. */
    public Optional<String> pathParameter(String name) {
        Map<String, String> params = event.getPathParameters();
        return params == null ? Optional.empty() : Optional.ofNullable(params.get(name));
    }

    /** A query parameter; given more than once, it is ambiguous and refused. */
    public Optional<String> query(String name) {
        Map<String, List<String>> multi = event.getMultiValueQueryStringParameters();
        if (multi != null && multi.get(name) != null && multi.get(name).size() > 1) {
            throw new InvalidRequestException(name, "Query parameter '" + name + "' must be given at most once.");
        }
        Map<String, String> single = event.getQueryStringParameters();
        return single == null ? Optional.empty() : Optional.ofNullable(single.get(name));
    }

    /** The names of every query parameter given. */
    public java.util.Set<String> queryNames() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        if (event.getQueryStringParameters() != null) {
            names.addAll(event.getQueryStringParameters().keySet());
        }
        if (event.getMultiValueQueryStringParameters() != null) {
            names.addAll(event.getMultiValueQueryStringParameters().keySet());
        }
        return names;
    }

    /**
     * The body as a JSON object: decoded from base64 when API Gateway says so, at most {@link #MAX_BODY_BYTES},
     * valid UTF-8, no duplicate keys, no trailing tokens, bounded nesting.
     */
    public Map<String, Object> jsonObjectBody() {
        header("content-type").ifPresent(ApiRequest::requireJsonMediaType);
        byte[] bytes = bodyBytes();
        if (bytes.length == 0) {
            throw new InvalidRequestException("body", "The request body is empty; send a JSON object.");
        }
        String text = strictUtf8(bytes);
        Object node;
        try {
            node = Json.parse(text);
        } catch (MalformedJsonException e) {
            if (e.tooDeep()) {
                throw new InvalidRequestException("body", "The request body is nested too deeply.");
            }
            throw new MalformedBodyException("The request body is not valid JSON" + where(e) + ".");
        }
        if (!(node instanceof Map<?, ?>)) {
            throw new InvalidRequestException("body", "The request body must be a JSON object.");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) node;
        return object;
    }

    private byte[] bodyBytes() {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (Boolean.TRUE.equals(event.getIsBase64Encoded())) {
            if (body.length() > (MAX_BODY_BYTES / 3 + 1) * 4 + 4) {
                throw tooLarge();
            }
            try {
                byte[] decoded = Base64.getMimeDecoder().decode(body);
                if (decoded.length > MAX_BODY_BYTES) {
                    throw tooLarge();
                }
                return decoded;
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("body", "The request body is marked base64 but is not valid base64.");
            }
        }
        // API Gateway hands text bodies over already decoded; a string can only be too large in its UTF-8 form.
        if (body.length() > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        return bytes;
    }

    private static PayloadTooLargeException tooLarge() {
        return new PayloadTooLargeException("The request body is larger than " + MAX_BODY_BYTES / 1024 + " KB.");
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidRequestException("body", "The request body is not valid UTF-8.");
        }
    }

    private static void requireJsonMediaType(String contentType) {
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!type.isEmpty() && !type.equals("application/json") && !type.endsWith("+json")) {
            throw new UnsupportedMediaTypeException("Send the body as JSON with 'Content-Type: application/json'.");
        }
    }

    private static String where(MalformedJsonException e) {
        if (e.line() < 1) {
            return "";
        }
        return " (line " + e.line() + ", column " + e.column() + ")";
    }
}
