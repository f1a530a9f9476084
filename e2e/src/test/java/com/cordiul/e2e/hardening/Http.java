package com.cordiul.e2e.hardening;

import com.cordiul.e2e.GatewayAnswers;
import com.cordiul.e2e.OpenApiContract;
import com.cordiul.e2e.RateLimitHeaders;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A plain HTTP client for the local API: raw paths, raw bytes, any headers (repeated ones too). Every response is
 * checked against openapi.yaml before a test sees it: a request routed to an operation against that operation's
 * documented response for the status (and a function's answer for its rate-limit headers), any other request
 * against {@code x-unmatched-requests}, API Gateway's documented answers to requests that match no route. A
 * mismatch fails the test right there.
 */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();

    private static final OpenApiContract CONTRACT = OpenApiContract.load();
    private static final RateLimitHeaders RATE_LIMIT_HEADERS = new RateLimitHeaders(GatewayAnswers.load());

    private final URI api;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    Http(URI api) {
        this.api = api;
    }

    /** One request; {@code path} is below {@code /api} and already percent-encoded. */
    record Request(String method, String path, List<Map.Entry<String, String>> headers, byte[] body) {

        static Request get(String path) {
            return new Request("GET", path, List.of(), null);
        }

        static Request delete(String path) {
            return new Request("DELETE", path, List.of(), null);
        }

        static Request post(String path, String json) {
            return new Request("POST", path, List.of(Map.entry("Content-Type", "application/json")),
                    json.getBytes(StandardCharsets.UTF_8));
        }

        static Request post(String path, String contentType, byte[] body) {
            return new Request("POST", path, contentType == null ? List.of()
                    : List.of(Map.entry("Content-Type", contentType)), body);
        }

        /** With one more header (a header may be given more than once). */
        Request header(String name, String value) {
            List<Map.Entry<String, String>> all = new ArrayList<>(headers);
            all.add(Map.entry(name, value));
            return new Request(method, path, all, body);
        }

        /** With {@code x-api-key}. */
        Request key(String key) {
            return header("x-api-key", key);
        }
    }

    /** What came back. */
    record Response(int status, Map<String, List<String>> headers, byte[] body) {

        Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The body as JSON, or a missing node when it is not JSON. */
        JsonNode json() {
            try {
                JsonNode node = JSON.readTree(body);
                return node == null ? MissingNode.getInstance() : node;
            } catch (IOException e) {
                return MissingNode.getInstance();
            }
        }

        JsonNode data() {
            return json().path("data");
        }

        String errorCode() {
            return json().path("error").path("code").asText("");
        }

        @Override
        public String toString() {
            return status + " " + text();
        }
    }

    Response send(Request request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(api + request.path()))
                .timeout(Duration.ofSeconds(60))
                .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach(h -> builder.header(h.getKey(), h.getValue()));
        try {
            HttpResponse<byte[]> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            return checked(request, new Response(response.statusCode(), response.headers().map(), response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.path() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private Response checked(Request request, Response response) {
        String rawPath = URI.create(api + request.path()).getRawPath();
        Optional<String> route = CONTRACT.route(request.method(), rawPath);
        List<String> problems = new ArrayList<>(route.isPresent()
                ? CONTRACT.check(request.method(), route.get(), response.status(), response.text())
                : CONTRACT.checkUnmatched(response.status(), response.text()));
        String requestId = response.header("X-Request-Id").orElse("");
        if (requestId.isBlank()) {
            problems.add("no X-Request-Id header");
        } else if (!requestId.equals(response.json().path("error").path("request_id").asText(requestId))) {
            problems.add("error.request_id differs from X-Request-Id " + requestId);
        }
        // Every operation is rate-limited: a function's answer says where the caller stands.
        if (problems.isEmpty() && route.isPresent()) {
            problems.addAll(RATE_LIMIT_HEADERS.problems(response.status(), response.headers(), response.json()));
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("The response breaks openapi.yaml: " + request.method() + " " + request.path()
                    + " (" + route.orElse("no route") + ") -> " + shortened(response.toString()) + "\n  " + problems);
        }
        return response;
    }

    private static String shortened(String text) {
        return text.length() <= 2000 ? text : text.substring(0, 2000) + "...";
    }

    Response get(String path, String key) {
        return send(Request.get(path).key(key));
    }

    Response post(String path, String key, String json) {
        return send(Request.post(path, json).key(key));
    }

    Response delete(String path, String key) {
        return send(Request.delete(path).key(key));
    }
}
