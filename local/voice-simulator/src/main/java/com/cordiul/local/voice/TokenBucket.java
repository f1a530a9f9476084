package com.cordiul.local.voice;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket on a clock: {@code capacity} tokens at most, {@code perSecond} added per second, one per request.
 * Tokens are counted in billionths so that whole rates refill exactly (a dial at t and one at t + 1 s both pass at
 * 1 per second, burst 1).
 */
final class TokenBucket {

    private static final double UNITS_PER_TOKEN = 1e9;

    private final double capacity;
    private final double perSecond;
    private final Clock clock;
    private double units;
    private Instant last;

    TokenBucket(int capacity, double perSecond, Clock clock) {
        this.capacity = capacity * UNITS_PER_TOKEN;
        this.perSecond = perSecond;
        this.clock = clock;
        this.units = this.capacity;
        this.last = clock.instant();
    }

    /** Takes a token if there is one. */
    boolean tryTake() {
        return take() != null;
    }

    /**
     * Takes a token if there is one, and returns the instant it was taken, or null. A request's place in the rate is
     * that instant: read later, it could put two requests a bucket kept a second apart within one second.
     */
    synchronized Instant take() {
        Instant now = clock.instant();
        if (now.isAfter(last)) {
            // One nanosecond adds perSecond units: a billionth of a token per token-per-second.
            units = Math.min(capacity, units + Duration.between(last, now).toNanos() * perSecond);
            last = now;
        }
        if (units >= UNITS_PER_TOKEN) {
            units -= UNITS_PER_TOKEN;
            return now;
        }
        return null;
    }
}
