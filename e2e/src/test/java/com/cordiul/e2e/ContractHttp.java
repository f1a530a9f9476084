package com.cordiul.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API over real HTTP, as a customer calls it, where every response is checked against openapi.yaml for its
 * operation (method and route template) and status before a test sees it: an undocumented status, a body that
 * breaks the documented schema, a response without its {@code X-Request-Id}, or a function's answer without its
 * rate-limit headers fails the test right there.
 */
final class ContractHttp {

    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{[^}]+}");
    private static final RateLimitHeaders RATE_LIMIT_HEADERS = new RateLimitHeaders(GatewayAnswers.load());

    private final URI base;
    private final OpenApiContract contract;
    private final HttpClient client;
    private final Consumer<String> keysHandedOut;

    /** {@code keysHandedOut} is told of every API key a response carries. */
    ContractHttp(URI base, OpenApiContract contract, Consumer<String> keysHandedOut) {
        this.base = base;
        this.contract = contract;
        this.keysHandedOut = keysHandedOut;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Where the API is served (the routes start with /api). */
    URI base() {
        return base;
    }

    /** A request to an operation, e.g. {@code request("GET", "/api/calls/{id}")}. */
    Request request(String method, String pathTemplate) {
        return new Request(method, pathTemplate);
    }

    /** A request being built. */
    final class Request {

        private final String method;
        private final String template;
        private final List<String> pathValues = new ArrayList<>();
        private final Map<String, String> query = new LinkedHashMap<>();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String rawQuery;
        private String body;

        private Request(String method, String template) {
            this.method = method;
            this.template = template;
        }

        /** The value of the next {@code {param}} of the template. */
        Request path(String value) {
            pathValues.add(value);
            return this;
        }

        /** A query parameter (URL-encoded here). */
        Request query(String name, Object value) {
            query.put(name, String.valueOf(value));
            return this;
        }

        /** The query string exactly as given, e.g. copied from documentation. */
        Request rawQuery(String value) {
            rawQuery = value;
            return this;
        }

        /** The key as {@code x-api-key}. */
        Request apiKey(String key) {
            return header("x-api-key", key);
        }

        /** The key as {@code Authorization: Bearer}. */
        Request bearer(String key) {
            return header("Authorization", "Bearer " + key);
        }

        /** Any header. */
        Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** A JSON body (and its Content-Type). */
        Request json(String value) {
            body = value;
            headers.putIfAbsent("Content-Type", "application/json");
            return this;
        }

        /** Sends it, checks the response against openapi.yaml, and returns it. */
        ContractResponse send() {
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri()).timeout(Duration.ofSeconds(60))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            headers.forEach(builder::header);
            HttpResponse<String> response;
            try {
                response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(method + " " + uri() + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted", e);
            }
            ContractResponse result = new ContractResponse(method + " " + template, response.statusCode(),
                    response.headers(), response.body());
            List<String> problems = new ArrayList<>(contract.check(method, template, result.status(),
                    result.body()));
            String requestId = result.header("X-Request-Id").orElse(null);
            if (requestId == null || requestId.isBlank()) {
                problems.add("no X-Request-Id header");
            } else if (result.status() >= 400 && !requestId.equals(result.error().path("request_id").asText())) {
                problems.add("error.request_id differs from X-Request-Id " + requestId);
            }
            // Every operation of the API is rate-limited, so every answer of a function says where the caller stands.
            if (problems.isEmpty()) {
                problems.addAll(RATE_LIMIT_HEADERS.problems(result.status(), result.headers().map(),
                        result.json()));
            }
            if (!problems.isEmpty()) {
                throw new AssertionError("The response breaks openapi.yaml: " + result + "\n  " + problems);
            }
            if (result.status() < 300 && result.data().path("key").isTextual()) {
                keysHandedOut.accept(result.data().path("key").asText());
            }
            return result;
        }

        private URI uri() {
            Matcher m = PATH_PARAMETER.matcher(template);
            StringBuilder path = new StringBuilder();
            int i = 0;
            while (m.find()) {
                if (i >= pathValues.size()) {
                    throw new IllegalStateException("No value for " + m.group() + " of " + template);
                }
                m.appendReplacement(path, Matcher.quoteReplacement(
                        URLEncoder.encode(pathValues.get(i++), StandardCharsets.UTF_8).replace("+", "%20")));
            }
            m.appendTail(path);
            StringBuilder q = new StringBuilder(rawQuery == null ? "" : rawQuery);
            query.forEach((name, value) -> q.append(q.length() == 0 ? "" : "&")
                    .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
            return URI.create(base + path.toString() + (q.length() == 0 ? "" : "?" + q));
        }
    }
}
