package com.cordiul.local.runner;

import com.cordiul.stack.RestApi;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The local API Gateway. Each request goes route, authorize, invoke, render ({@link Outcome} between the steps):
 * the template's resource is found, the API's Lambda authorizer runs, the proxy event goes to the route's function,
 * and its proxy response goes back. Whatever API Gateway itself would answer
 * (no route, refused by the authorizer, function error, body too large) is rendered from the API's
 * {@code GatewayResponses}. Nothing a function throws ever reaches the client.
 */
final class Gateway implements HttpHandler {

    /** API Gateway's payload limit. */
    static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

    /** Invokes a function by logical id. */
    @FunctionalInterface
    interface Lambda {
        /** Event bytes in, response bytes out; a {@link LambdaInvocationException} or a throttle otherwise. */
        byte[] invoke(String functionId, byte[] event);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Router router;
    private final Map<String, ApiSpec> apis;
    private final ApiSpec primary;
    private final String domainName;
    private final Lambda lambda;

    Gateway(Router router, Map<String, ApiSpec> apis, ApiSpec primary, String domainName, Lambda lambda) {
        this.router = router;
        this.apis = Map.copyOf(apis);
        this.primary = primary;
        this.domainName = domainName;
        this.lambda = lambda;
    }

    /** What goes back to the client. */
    record Answer(int status, Map<String, List<String>> headers, byte[] body) {
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        String requestId = UUID.randomUUID().toString();
        Answer answer;
        String method = exchange.getRequestMethod();
        String rawPath = exchange.getRequestURI().getRawPath();
        try {
            answer = answer(exchange, requestId);
        } catch (RuntimeException e) {
            System.err.println("[runner] " + requestId + " " + method + " " + rawPath + " failed in the gateway: "
                    + e);
            e.printStackTrace();
            answer = gatewayResponse(primary, "DEFAULT_5XX", 500, "Internal server error",
                    request(exchange, requestId, new byte[0]), null, Map.of());
        }
        write(exchange, method, answer);
        System.out.printf("[runner] %s %s -> %d (%d ms) %s%n", method, rawPath, answer.status(),
                (System.nanoTime() - start) / 1_000_000, requestId);
    }

    /** A request matched to its route, on its API. */
    private record Routed(IncomingRequest request, Route route, Map<String, String> pathParameters, ApiSpec api,
                          GatewayEvents events) {
    }

    /** A routed request the authorizer let through, with its context (null on an open route). */
    private record Authorized(Routed routed, Map<String, String> context) {
    }

    /** The function's raw proxy response to a routed request. */
    private record Invoked(Routed routed, byte[] response) {
    }

    private Answer answer(HttpExchange exchange, String requestId) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        byte[] body = length != null && parseLong(length) > MAX_BODY_BYTES ? null
                : readBounded(exchange.getRequestBody());
        IncomingRequest request = request(exchange, requestId, body == null ? new byte[0] : body);
        if (body == null) {
            drain(exchange.getRequestBody());
            return gatewayResponse(primary, "REQUEST_TOO_LARGE", null, "Request Too Long", request, null, Map.of());
        }
        return route(request).then(this::authorize).then(this::invoke).finish(this::render);
    }

    /** Route: the template's resource and method, or API Gateway's own 404 (MISSING_AUTHENTICATION_TOKEN). */
    private Outcome<Routed> route(IncomingRequest request) {
        Router.Match match = router.match(request.method(), request.rawPath());
        if (!(match instanceof Router.Found found)) {
            String resource = match instanceof Router.NoMethod m ? m.resourcePath() : null;
            return Outcome.answered(gatewayResponse(primary, "MISSING_AUTHENTICATION_TOKEN", null,
                    "Missing Authentication Token", request, resource, Map.of()));
        }
        ApiSpec api = apis.getOrDefault(found.route().apiId(), primary);
        return Outcome.proceed(new Routed(request, found.route(), found.pathParameters(), api,
                new GatewayEvents(api.stageName(), domainName)));
    }

    /** Authorize: the API's Lambda authorizer, unless the route is open. */
    private Outcome<Authorized> authorize(Routed routed) {
        RestApi.Authorizer authorizer = routed.api().authorizerFor(routed.route());
        if (authorizer == null) {
            return Outcome.proceed(new Authorized(routed, null));
        }
        IncomingRequest request = routed.request();
        for (String header : authorizer.identityHeaders()) {
            if (request.header(header) == null) {
                return refuse(routed, "UNAUTHORIZED", "Unauthorized");
            }
        }
        for (String name : authorizer.identityQueries()) {
            if (!request.query().containsKey(name)) {
                return refuse(routed, "UNAUTHORIZED", "Unauthorized");
            }
        }
        ObjectNode event = authorizer.token()
                ? routed.events().tokenAuthorizer(request, request.header(authorizer.identityHeaders().get(0)))
                : routed.events().requestAuthorizer(request, routed.route(), routed.pathParameters());
        byte[] response;
        try {
            response = lambda.invoke(authorizer.functionId(), bytes(event));
        } catch (LambdaInvocationException e) {
            return "Unauthorized".equals(e.errorMessage()) ? refuse(routed, "UNAUTHORIZED", "Unauthorized")
                    : refuse(routed, "AUTHORIZER_FAILURE", "Internal server error");
        } catch (FunctionThrottledException e) {
            return refuse(routed, "AUTHORIZER_FAILURE", "Internal server error");
        }
        AuthorizerDecision decision = AuthorizerDecision.evaluate(parse(response), routed.events().methodArn(request));
        if (decision instanceof AuthorizerDecision.Allow allow) {
            return Outcome.proceed(new Authorized(routed, allow.context()));
        }
        if (decision instanceof AuthorizerDecision.Invalid invalid) {
            System.err.println("[runner] " + request.requestId() + " " + authorizer.functionId()
                    + " gave an unusable authorizer response (" + invalid.reason() + ")");
            return refuse(routed, "AUTHORIZER_CONFIGURATION_ERROR", "Internal server error");
        }
        return refuse(routed, "ACCESS_DENIED", "User is not authorized to access this resource with an explicit deny");
    }

    /**
     * Invoke: the route's function with the proxy event. A function error or timeout is API Gateway's 502; a
     * throttled invoke (Lambda's 429 TooManyRequestsException) is its 500 (an integration failure).
     */
    private Outcome<Invoked> invoke(Authorized authorized) {
        Routed routed = authorized.routed();
        ObjectNode event = routed.events().proxy(routed.request(), routed.route(), routed.pathParameters(),
                authorized.context());
        try {
            return Outcome.proceed(new Invoked(routed, lambda.invoke(routed.route().functionId(), bytes(event))));
        } catch (LambdaInvocationException e) {
            return Outcome.answered(gatewayResponse(routed, "DEFAULT_5XX", 502, "Internal server error"));
        } catch (FunctionThrottledException e) {
            return Outcome.answered(gatewayResponse(routed, "INTEGRATION_FAILURE", 500, "Internal server error"));
        }
    }

    /** Render: the function's proxy response, or API Gateway's 502 when it is malformed. */
    private Answer render(Invoked invoked) {
        Routed routed = invoked.routed();
        Answer proxied = proxyResponse(invoked.response(), routed.request().requestId());
        if (proxied == null) {
            System.err.println("[runner] " + routed.request().requestId() + " " + routed.route().functionId()
                    + " returned a malformed Lambda proxy response: "
                    + new String(invoked.response(), StandardCharsets.UTF_8));
            return gatewayResponse(routed, "DEFAULT_5XX", 502, "Internal server error");
        }
        return proxied;
    }

    private <T> Outcome<T> refuse(Routed routed, String type, String message) {
        return Outcome.answered(gatewayResponse(routed, type, null, message));
    }

    private static Answer gatewayResponse(Routed routed, String type, Integer status, String message) {
        return gatewayResponse(routed.api(), type, status, message, routed.request(), routed.route().path(),
                routed.pathParameters());
    }

    private static byte[] bytes(ObjectNode event) {
        try {
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode parse(byte[] response) {
        try {
            return JSON.readTree(response);
        } catch (IOException e) {
            return null;
        }
    }

    /** The function's proxy response as an answer, or null when it is malformed (API Gateway then says 502). */
    private static Answer proxyResponse(byte[] response, String requestId) {
        JsonNode node;
        try {
            node = JSON.readTree(response);
        } catch (IOException e) {
            return null;
        }
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode status = node.path("statusCode");
        int code = status.isInt() ? status.intValue()
                : status.isTextual() && status.asText().matches("\\d{3}") ? Integer.parseInt(status.asText()) : -1;
        JsonNode body = node.path("body");
        JsonNode base64 = node.path("isBase64Encoded");
        if (code < 100 || code > 599 || !(body.isMissingNode() || body.isNull() || body.isTextual())
                || !(base64.isMissingNode() || base64.isNull() || base64.isBoolean())) {
            return null;
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        JsonNode multi = node.path("multiValueHeaders");
        if (multi.isObject()) {
            multi.properties().forEach(h -> h.getValue().forEach(v ->
                    headers.computeIfAbsent(h.getKey(), k -> new ArrayList<>()).add(v.asText())));
        }
        JsonNode single = node.path("headers");
        if (single.isObject()) {
            single.properties().forEach(h -> {
                if (!h.getValue().isNull() && !containsIgnoreCase(headers, h.getKey())) {
                    headers.put(h.getKey(), new ArrayList<>(List.of(h.getValue().asText())));
                }
            });
        }
        if (!containsIgnoreCase(headers, "Content-Type")) {
            headers.put("Content-Type", List.of("application/json"));
        }
        headers.put("x-amzn-RequestId", List.of(requestId));
        byte[] bytes;
        if (body.isTextual()) {
            try {
                bytes = base64.asBoolean(false) ? Base64.getDecoder().decode(body.asText())
                        : body.asText().getBytes(StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
        } else {
            bytes = new byte[0];
        }
        return new Answer(code, headers, bytes);
    }

    private static Answer gatewayResponse(ApiSpec api, String type, Integer status, String message,
                                          IncomingRequest request, String resourcePath,
                                          Map<String, String> pathParameters) {
        GatewayResponses.Rendered rendered = api.gatewayResponses().render(type, status, message,
                new GatewayResponses.Context(request.requestId(), api.stageName(), request.method(), request.path(),
                        resourcePath, request.headers(), request.query(), pathParameters));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        rendered.headers().forEach((name, value) -> headers.put(name, List.of(value)));
        headers.put("x-amzn-RequestId", List.of(request.requestId()));
        return new Answer(rendered.status(), headers, rendered.body().getBytes(StandardCharsets.UTF_8));
    }

    private static IncomingRequest request(HttpExchange exchange, String requestId, byte[] body) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.computeIfAbsent(IncomingRequest.canonicalHeader(name), k -> new ArrayList<>())
                        .addAll(values));
        return new IncomingRequest(requestId, exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                headers, IncomingRequest.parseQuery(exchange.getRequestURI().getRawQuery()), body,
                exchange.getRemoteAddress().getAddress().getHostAddress(), Instant.now());
    }

    private static void write(HttpExchange exchange, String method, Answer answer) throws IOException {
        try (exchange) {
            answer.headers().forEach((name, values) -> exchange.getResponseHeaders().put(name, values));
            boolean noBody = "HEAD".equals(method) || answer.status() == 204 || answer.status() == 304
                    || answer.body().length == 0;
            exchange.sendResponseHeaders(answer.status(), noBody ? -1 : answer.body().length);
            if (!noBody) {
                exchange.getResponseBody().write(answer.body());
            }
            exchange.getResponseBody().close();
        }
    }

    private static byte[] readBounded(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        return bytes.length > MAX_BODY_BYTES ? null : bytes;
    }

    /**
     * Reads and drops the rest of a refused body (up to a bound), so that the client, still sending, gets the
     * answer rather than a reset connection.
     */
    private static void drain(InputStream in) throws IOException {
        long left = 16L * MAX_BODY_BYTES;
        byte[] buffer = new byte[64 * 1024];
        int n;
        while (left > 0 && (n = in.read(buffer)) >= 0) {
            left -= n;
        }
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean containsIgnoreCase(Map<String, List<String>> headers, String name) {
        return headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase(name));
    }
}
