package com.cordiul.wiring;

import com.cordiul.priming.ApiPrimer;
import com.cordiul.priming.RateLimitPrimer;
import com.cordiul.ratelimit.RateLimitPolicy;
import com.cordiul.ratelimit.RateLimiter;

/** What the API families share: the edge (primed at once: every route uses it) and the rate limiter. */
abstract class ApiModule extends FunctionModule {

    private final Lazy<RateLimiter> rateLimiter = new Lazy<>(() -> {
        RateLimiter limiter = RateLimiter.fromEnvironment(dynamoDb());
        new RateLimitPrimer(limiter).register();
        return limiter;
    });
    private final Lazy<RateLimitPolicy> requestLimits = new Lazy<>(() -> RateLimitPolicy.requests(rateLimiter()));

    /** Registers the edge's primer. */
    protected ApiModule() {
        new ApiPrimer().register();
    }

    /** The general request limit, {@code RATE_LIMIT_REQUESTS_PER_MINUTE}: every route but call creation. */
    public final RateLimitPolicy requestLimits() {
        return requestLimits.get();
    }

    /** The one rate limiter, on {@code RATE_LIMIT_TABLE}. */
    protected final RateLimiter rateLimiter() {
        return rateLimiter.get();
    }
}
