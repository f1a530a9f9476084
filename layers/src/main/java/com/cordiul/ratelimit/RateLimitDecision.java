package com.cordiul.ratelimit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where one request stands against one limit.
 *
 * @param allowed whether the request is within the limit
 * @param rateLimit the limit
 * @param remaining requests still admitted in this window after this one
 * @param reset when the window ends
 */
public record RateLimitDecision(boolean allowed, RateLimit rateLimit, int remaining, Instant reset) {

    /** Requests the limit admits per window. */
    public int limit() {
        return rateLimit.limit();
    }

    /** The response headers that tell a client where it stands: limit, remaining, reset (epoch seconds). */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-RateLimit-Limit", Integer.toString(limit()));
        headers.put("X-RateLimit-Remaining", Integer.toString(Math.max(0, remaining)));
        headers.put("X-RateLimit-Reset", Long.toString(reset.getEpochSecond()));
        return headers;
    }

    /** Whole seconds until the window ends, at least 1. */
    public int retryAfterSeconds(Instant now) {
        long millis = reset.toEpochMilli() - now.toEpochMilli();
        return (int) Math.max(1, (millis + 999) / 1000);
    }
}
