package com.cordiul.ratelimit;

import com.cordiul.identity.Caller;
import com.cordiul.core.Environment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The limits of one route, counted per API key (per owner for a Clerk session): every route has the general
 * request limit; call creation adds per-second and per-minute dialing limits, as telephony APIs meter dialing.
 * Defaults come from the template's parameters through the environment.
 */
public final class RateLimitPolicy {

    private final RateLimiter limiter;
    private final List<RateLimit> limits;

    public RateLimitPolicy(RateLimiter limiter, List<RateLimit> limits) {
        this.limiter = limiter;
        this.limits = List.copyOf(limits);
    }

    /** No limit at all: for tests of a handler's own behaviour. */
    public static RateLimitPolicy none() {
        return new RateLimitPolicy(null, List.of());
    }

    /** The general limit only: {@code RATE_LIMIT_REQUESTS_PER_MINUTE}. */
    public static RateLimitPolicy requests(RateLimiter limiter) {
        return new RateLimitPolicy(limiter, List.of(generalLimit()));
    }

    /** The general limit plus {@code RATE_LIMIT_CALLS_PER_SECOND} and {@code RATE_LIMIT_CALLS_PER_MINUTE}. */
    public static RateLimitPolicy callCreation(RateLimiter limiter) {
        List<RateLimit> limits = new ArrayList<>();
        limits.add(generalLimit());
        limits.add(new RateLimit("calls-per-second", intEnv("RATE_LIMIT_CALLS_PER_SECOND", 5),
                Duration.ofSeconds(1)));
        limits.add(new RateLimit("calls-per-minute", intEnv("RATE_LIMIT_CALLS_PER_MINUTE", 60),
                Duration.ofMinutes(1)));
        return new RateLimitPolicy(limiter, limits);
    }

    /**
     * Counts the request against each limit in turn and returns the decision to report (the one with the fewest
     * requests left), or null when there are no limits; throws {@link RateLimitedException} at the first limit
     * that refuses it.
     */
    public RateLimitDecision enforce(Caller caller) {
        String subject = caller.keyId().orElse("owner:" + caller.owner());
        RateLimitDecision reported = null;
        for (RateLimit limit : limits) {
            RateLimitDecision decision = limiter.acquire(subject, limit);
            if (!decision.allowed()) {
                throw new RateLimitedException("Rate limit exceeded: at most " + limit.limit() + " "
                        + describe(limit) + ". Retry after the Retry-After delay.",
                        decision.retryAfterSeconds(limiter.clock().instant()), decision.headers());
            }
            if (reported == null || decision.remaining() < reported.remaining()) {
                reported = decision;
            }
        }
        return reported;
    }

    private static String describe(RateLimit limit) {
        String what = limit.name().startsWith("calls") ? "calls" : "requests";
        long seconds = limit.window().toSeconds();
        return what + (seconds == 1 ? " per second" : seconds == 60 ? " per minute" : " per " + seconds + " s");
    }

    private static RateLimit generalLimit() {
        return new RateLimit("requests", intEnv("RATE_LIMIT_REQUESTS_PER_MINUTE", 600), Duration.ofMinutes(1));
    }

    private static int intEnv(String name, int fallback) {
        return Environment.get(name).map(Integer::parseInt).orElse(fallback);
    }
}
