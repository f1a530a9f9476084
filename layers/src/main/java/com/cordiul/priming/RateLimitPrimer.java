package com.cordiul.priming;

import com.cordiul.ratelimit.RateLimit;
import com.cordiul.ratelimit.RateLimiter;
import java.time.Duration;

/**
 * SnapStart priming of the rate limiter: before the snapshot, one counted request for a subject no caller can have
 * (key ids start {@code key_}, owners are counted as {@code owner:...}), so that the conditional UpdateItem path,
 * request and response, is loaded and initialised in the snapshot: the route's first request after a restore makes
 * that write first. The counter it leaves expires with the table's TTL.
 */
public final class RateLimitPrimer extends SnapshotPrimer {

    /** The subject the priming request is counted for. */
    public static final String SUBJECT = "priming-sentinel";

    private final RateLimiter limiter;

    /** The primer of the limiter the API routes count requests with. */
    public RateLimitPrimer(RateLimiter limiter) {
        super("rate limiter");
        this.limiter = limiter;
    }

    @Override
    protected void run() {
        limiter.acquire(SUBJECT, new RateLimit("priming", Integer.MAX_VALUE, Duration.ofMinutes(1)));
    }
}
