package com.cordiul.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * One limit: at most {@code limit} requests per fixed window of {@code window}.
 *
 * @param name names the counter, e.g. {@code requests} or {@code calls-per-second}
 * @param limit requests admitted per window
 * @param window the window's length: a whole number of seconds that divides {@link RateLimiter#SPAN}, so that every
 *               window of a request lies in the one item of its span
 */
public record RateLimit(String name, int limit, Duration window) {

    public RateLimit {
        Objects.requireNonNull(name, "name");
        if (limit < 1 || window.toSeconds() < 1 || window.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("A limit admits at least 1 request per whole number of seconds");
        }
        if (RateLimiter.SPAN.toSeconds() % window.toSeconds() != 0) {
            throw new IllegalArgumentException("A limit's window must divide " + RateLimiter.SPAN.toSeconds() + " s");
        }
    }
}
