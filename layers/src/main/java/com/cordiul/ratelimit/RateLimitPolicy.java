package com.cordiul.ratelimit;

import com.cordiul.core.Environment;
import com.cordiul.identity.Caller;
import java.time.Duration;
import java.util.List;

/**
 * The limits of one route, counted per API key (per owner for a Clerk session): every request counts against the
 * general request limit; on call creation, an accepted call (valid, not a replay) also counts against per-second
 * and per-minute dialing limits, as telephony APIs meter dialing. Defaults come from the template's parameters
 * through the environment.
 */
public final class RateLimitPolicy {

    private final RateLimiter limiter;
    private final List<RateLimit> perRequest;
    private final List<RateLimit> perCall;

    private RateLimitPolicy(RateLimiter limiter, List<RateLimit> perRequest, List<RateLimit> perCall) {
        this.limiter = limiter;
        this.perRequest = List.copyOf(perRequest);
        this.perCall = List.copyOf(perCall);
    }

    /** No limit at all: for tests of a handler's own behaviour. */
    public static RateLimitPolicy none() {
        return new RateLimitPolicy(null, List.of(), List.of());
    }

    /** The general limit only: {@code RATE_LIMIT_REQUESTS_PER_MINUTE}. */
    public static RateLimitPolicy requests(RateLimiter limiter) {
        return new RateLimitPolicy(limiter, List.of(generalLimit()), List.of());
    }

    /**
     * The general limit for every request, and {@code RATE_LIMIT_CALLS_PER_SECOND} and
     * {@code RATE_LIMIT_CALLS_PER_MINUTE} for each accepted call.
     */
    public static RateLimitPolicy callCreation(RateLimiter limiter) {
        return callCreation(limiter, Environment.process());
    }

    /**
     * The same limits from the given configuration. The call limits' defaults admit a burst of 100 calls a second
     * from one key: they only queue calls, which the dialer places at Chime's pace.
     */
    public static RateLimitPolicy callCreation(RateLimiter limiter, Environment environment) {
        return new RateLimitPolicy(limiter, List.of(generalLimit()), List.of(
                new RateLimit("calls-per-second", intEnv(environment, "RATE_LIMIT_CALLS_PER_SECOND", 100),
                        Duration.ofSeconds(1)),
                new RateLimit("calls-per-minute", intEnv(environment, "RATE_LIMIT_CALLS_PER_MINUTE", 1000),
                        Duration.ofMinutes(1))));
    }

    /** How one request of this caller is counted. */
    public RequestQuota quota(Caller caller) {
        if (limiter == null) {
            return RequestQuota.unlimited();
        }
        return new RequestQuota(limiter, caller.keyId().orElse("owner:" + caller.owner()), perRequest, perCall);
    }

    private static RateLimit generalLimit() {
        return new RateLimit("requests", intEnv("RATE_LIMIT_REQUESTS_PER_MINUTE", 600), Duration.ofMinutes(1));
    }

    private static int intEnv(String name, int fallback) {
        return intEnv(Environment.process(), name, fallback);
    }

    private static int intEnv(Environment environment, String name, int fallback) {
        return environment.value(name).map(Integer::parseInt).orElse(fallback);
    }
}
