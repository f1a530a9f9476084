package com.cordiul.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rate-limit headers openapi.yaml promises on every answer of an API function: {@code X-RateLimit-Limit},
 * {@code X-RateLimit-Remaining} and {@code X-RateLimit-Reset} (epoch seconds). API Gateway's own answers carry none,
 * and neither does a function's 503 when the rate limiter's own store failed (it cannot say where the caller
 * stands).
 */
public final class RateLimitHeaders {

    /** The start of the message of a 503 caused by the rate limiter's store (com.cordiul.ratelimit.RateLimiter). */
    private static final String LIMITER_DOWN = "The rate limiter's store is unavailable";

    private final GatewayAnswers gateway;

    public RateLimitHeaders(GatewayAnswers gateway) {
        this.gateway = gateway;
    }

    /** What is wrong with a response's rate-limit headers; empty when it is fine or need not carry them. */
    public List<String> problems(int status, Map<String, List<String>> headers, JsonNode body) {
        if (status >= 400 && (gateway.isGatewayAnswer(body) || status == 503
                && body.path("error").path("message").asText().startsWith(LIMITER_DOWN))) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        Optional<Long> limit = number(headers, "X-RateLimit-Limit", problems);
        Optional<Long> remaining = number(headers, "X-RateLimit-Remaining", problems);
        Optional<Long> reset = number(headers, "X-RateLimit-Reset", problems);
        if (limit.isPresent() && remaining.isPresent() && (limit.get() < 1 || remaining.get() < 0
                || remaining.get() > limit.get())) {
            problems.add("X-RateLimit-Remaining " + remaining.get() + " is not within X-RateLimit-Limit "
                    + limit.get());
        }
        // Epoch seconds, not milliseconds nor a delay: between 2001 and 2286.
        if (reset.isPresent() && (reset.get() < 1_000_000_000L || reset.get() >= 10_000_000_000L)) {
            problems.add("X-RateLimit-Reset " + reset.get() + " is not in epoch seconds");
        }
        if (status == 429 && "rate_limited".equals(body.path("error").path("code").asText())
                && remaining.isPresent() && remaining.get() != 0) {
            problems.add("a rate_limited answer with X-RateLimit-Remaining " + remaining.get());
        }
        return problems;
    }

    private static Optional<Long> number(Map<String, List<String>> headers, String name, List<String> problems) {
        List<String> values = headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream()).toList();
        if (values.size() != 1) {
            problems.add(values.isEmpty() ? "no " + name + " header" : name + " given " + values.size() + " times");
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(values.get(0)));
        } catch (NumberFormatException e) {
            problems.add(name + " is not a whole number: " + values.get(0));
            return Optional.empty();
        }
    }
}
