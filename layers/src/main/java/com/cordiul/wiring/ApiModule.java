package com.cordiul.wiring;

import com.cordiul.priming.ApiPrimer;
import com.cordiul.priming.RateLimitPrimer;
import com.cordiul.ratelimit.RateLimitPolicy;
import com.cordiul.ratelimit.RateLimiter;

/** What the API families share: the edge (primed at once: every route uses it) and the rate limiter. */
abstract class ApiModule extends FunctionModule {

    private RateLimiter rateLimiter;
    private RateLimitPolicy requestLimits;

    /** Registers the edge's primer. */
    ApiModule() {
        new ApiPrimer().register();
    }

    /** The general request limit, {@code RATE_LIMIT_REQUESTS_PER_MINUTE}: every route but call creation. */
    public final synchronized RateLimitPolicy requestLimits() {
        if (requestLimits == null) {
            requestLimits = RateLimitPolicy.requests(rateLimiter());
        }
        return requestLimits;
    }

    /** The one rate limiter, on {@code RATE_LIMIT_TABLE}. */
    protected final synchronized RateLimiter rateLimiter() {
        if (rateLimiter == null) {
            rateLimiter = RateLimiter.fromEnvironment(dynamoDb());
            new RateLimitPrimer(rateLimiter).register();
        }
        return rateLimiter;
    }
}
