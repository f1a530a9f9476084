package com.cordiul.local.runner;

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
 * The local API Gateway: routes each request to the template's resource, runs the API's Lambda authorizer, sends the
 * proxy event to the route's function and writes back its proxy response. Whatever API Gateway itself would answer
 * (no route, refused by the authorizer, function error, body too large) is rendered from the API's
 * {@code GatewayResponses}. Nothing a function throws ever reaches the client.
 */
final class Gateway implements HttpHandler {

    /** API Gateway's payload limit. */
    static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

    /** Invokes a function by logical id. */
    @FunctionalInterface
    interface Lambda {
        /** Event bytes in, response bytes out, or a {@link LambdaInvocationException}. */
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

    private Answer answer(HttpExchange exchange, String requestId) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        byte[] body = length != null && parseLong(length) > MAX_BODY_BYTES ? null
                : readBounded(exchange.getRequestBody());
        IncomingRequest request = request(exchange, requestId, body == null ? new byte[0] : body);
        if (body == null) {
            drain(exchange.getRequestBody());
            return gatewayResponse(primary, "REQUEST_TOO_LARGE", null, "Request Too Long", request, null, Map.of());
        }
        Router.Match match = router.match(request.method(), request.rawPath());
        if (!(match instanceof Router.Found found)) {
            String resource = match instanceof Router.NoMethod m ? m.resourcePath() : null;
            return gatewayResponse(primary, "MISSING_AUTHENTICATION_TOKEN", null, "Missing Authentication Token",
                    request, resource, Map.of());
        }
        Route route = found.route();
        ApiSpec api = apis.getOrDefault(route.apiId(), primary);
        GatewayEvents events = new GatewayEvents(api.stageName(), domainName);
        Map<String, String> authorizerContext = null;
        AuthorizerSpec authorizer = api.authorizerFor(route);
        if (authorizer != null) {
            Object outcome = authorize(api, authorizer, events, request, route, found.pathParameters());
            if (outcome instanceof Answer refusal) {
                return refusal;
            }
            authorizerContext = ((AuthorizerDecision.Allow) outcome).context();
        }
        ObjectNode event = events.proxy(request, route, found.pathParameters(), authorizerContext);
        byte[] response;
        try {
            response = lambda.invoke(route.functionId(), JSON.writeValueAsBytes(event));
        } catch (LambdaInvocationException e) {
            report(requestId, e);
            return gatewayResponse(api, "DEFAULT_5XX", 502, "Internal server error", request, route.path(),
                    found.pathParameters());
        }
        Answer proxied = proxyResponse(response, requestId);
        if (proxied == null) {
            System.err.println("[runner] " + requestId + " " + route.functionId()
                    + " returned a malformed Lambda proxy response: " + new String(response, StandardCharsets.UTF_8));
            return gatewayResponse(api, "DEFAULT_5XX", 502, "Internal server error", request, route.path(),
                    found.pathParameters());
        }
        return proxied;
    }

    /** Runs the authorizer: an {@link AuthorizerDecision.Allow}, or the refusal to send. */
    private Object authorize(ApiSpec api, AuthorizerSpec authorizer, GatewayEvents events, IncomingRequest request,
                             Route route, Map<String, String> pathParameters) throws IOException {
        for (String header : authorizer.headers()) {
            if (request.header(header) == null) {
                return gatewayResponse(api, "UNAUTHORIZED", null, "Unauthorized", request, route.path(),
                        pathParameters);
            }
        }
        for (String name : authorizer.queryStrings()) {
            if (!request.query().containsKey(name)) {
                return gatewayResponse(api, "UNAUTHORIZED", null, "Unauthorized", request, route.path(),
                        pathParameters);
            }
        }
        ObjectNode event = authorizer.token()
                ? events.tokenAuthorizer(request, request.header(authorizer.headers().get(0)))
                : events.requestAuthorizer(request, route, pathParameters);
        byte[] response;
        try {
            response = lambda.invoke(authorizer.functionId(), JSON.writeValueAsBytes(event));
        } catch (LambdaInvocationException e) {
            if ("Unauthorized".equals(e.errorMessage())) {
                return gatewayResponse(api, "UNAUTHORIZED", null, "Unauthorized", request, route.path(),
                        pathParameters);
            }
            report(request.requestId(), e);
            return gatewayResponse(api, "AUTHORIZER_FAILURE", null, "Internal server error", request, route.path(),
                    pathParameters);
        }
        JsonNode parsed;
        try {
            parsed = JSON.readTree(response);
        } catch (IOException e) {
            parsed = null;
        }
        AuthorizerDecision decision = AuthorizerDecision.evaluate(parsed, events.methodArn(request));
        if (decision instanceof AuthorizerDecision.Deny) {
            return gatewayResponse(api, "ACCESS_DENIED", null,
                    "User is not authorized to access this resource with an explicit deny", request, route.path(),
                    pathParameters);
        }
        if (decision instanceof AuthorizerDecision.Invalid invalid) {
            System.err.println("[runner] " + request.requestId() + " " + authorizer.functionId()
                    + " gave an unusable authorizer response (" + invalid.reason() + ")");
            return gatewayResponse(api, "AUTHORIZER_CONFIGURATION_ERROR", null, "Internal server error", request,
                    route.path(), pathParameters);
        }
        return decision;
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

    private static void report(String requestId, LambdaInvocationException e) {
        System.err.println("[runner] " + requestId + " " + e.getMessage());
        if (e.getCause() != null) {
            e.getCause().printStackTrace();
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
