package com.cordiul.ratelimit;

import com.cordiul.telemetry.Metric;
import com.cordiul.telemetry.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The counting of one request against its route's limits: once, in one write. A route without call limits counts
 * the request as it arrives ({@link #countRequest}). Call creation defers it: the route counts an accepted call
 * against the request and call limits together ({@link #countAcceptedCall}), and a request that is not an accepted
 * call (refused as invalid, a replay, a conflict) is counted against the request limit alone when it is answered.
 * A request refused by a limit counts against none of them. Not thread-safe: one request, one thread.
 */
public final class RequestQuota {

    private static final RequestQuota UNLIMITED = new RequestQuota(null, null, List.of(), List.of());

    private final RateLimiter limiter;
    private final String subject;
    private final List<RateLimit> perRequest;
    private final List<RateLimit> perCall;
    private final List<RateLimit> all;
    private RateLimitDecision reported;
    private boolean requestCounted;
    private boolean callCounted;
    private boolean refused;

    RequestQuota(RateLimiter limiter, String subject, List<RateLimit> perRequest, List<RateLimit> perCall) {
        this.limiter = limiter;
        this.subject = subject;
        this.perRequest = List.copyOf(perRequest);
        this.perCall = List.copyOf(perCall);
        List<RateLimit> every = new ArrayList<>(perRequest);
        every.addAll(perCall);
        this.all = List.copyOf(every);
    }

    /** A request that no limit counts (no rate limiter configured). */
    public static RequestQuota unlimited() {
        return UNLIMITED;
    }

    /** Whether the route counts the request itself, as an accepted call, rather than as it arrives. */
    public boolean defersCounting() {
        return !perCall.isEmpty();
    }

    /**
     * Counts the request against the request limit, unless it was counted already.
     *
     * @throws RateLimitedException when the request is beyond the limit (then nothing is counted)
     */
    public void countRequest() {
        if (limiter != null && !requestCounted && !refused) {
            count(perRequest);
            requestCounted = true;
        }
    }

    /**
     * Counts the request as an accepted call: against the request limit (unless counted already) and the call
     * limits, in one write. Call it once the call is known to be placed, before it is recorded.
     *
     * @throws RateLimitedException when a limit refuses it (then nothing is counted)
     */
    public void countAcceptedCall() {
        if (limiter == null || callCounted || refused) {
            return;
        }
        List<RateLimit> counted = new ArrayList<>(perCall);
        if (!requestCounted) {
            counted.addAll(0, perRequest);
        }
        count(counted);
        requestCounted = true;
        callCounted = true;
    }

    /** Whether the request was counted, or refused, already: nothing more to count. */
    public boolean settled() {
        return limiter == null || requestCounted || refused;
    }

    /** The rate-limit headers for the limit with the fewest requests left, or none before any counting. */
    public Map<String, String> headers() {
        return reported == null ? Map.of() : reported.headers();
    }

    private void count(List<RateLimit> counted) {
        RateLimitDecision decision = limiter.acquire(subject, counted, all);
        if (!decision.allowed()) {
            // A refused request is settled: answered 429 with the refusing limit's headers, counted nowhere.
            refused = true;
            reported = decision;
            Metrics.count(Metric.RATE_LIMITED, decision.rateLimit().name());
            throw new RateLimitedException("Rate limit exceeded: at most " + decision.limit() + " "
                    + describe(decision.rateLimit()) + ". Retry after the Retry-After delay.",
                    decision.retryAfterSeconds(limiter.clock().instant()), decision.headers());
        }
        reported = decision;
    }

    private static String describe(RateLimit limit) {
        String what = limit.name().startsWith("calls") ? "calls" : "requests";
        long seconds = limit.window().toSeconds();
        return what + (seconds == 1 ? " per second" : seconds == 60 ? " per minute" : " per " + seconds + " s");
    }
}
