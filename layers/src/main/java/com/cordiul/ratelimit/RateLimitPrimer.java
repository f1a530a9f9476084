package com.cordiul.ratelimit;

import com.cordiul.logging.Log;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming of the rate limiter: before the snapshot, one counted request for a subject no caller can have
 * (key ids start {@code key_}, owners are counted as {@code owner:...}), so that the conditional UpdateItem path,
 * request and response, is loaded and initialised in the snapshot: the route's first request after a restore makes
 * that write first. The counter it leaves expires with the table's TTL. It never fails the checkpoint.
 */
public final class RateLimitPrimer implements Resource {

    /** The subject the priming request is counted for. */
    public static final String SUBJECT = "priming-sentinel";

    // CRaC holds resources weakly: these strong references keep the primers registered until the snapshot.
    private static final List<RateLimitPrimer> REGISTERED = new ArrayList<>();

    private final RateLimiter limiter;

    RateLimitPrimer(RateLimiter limiter) {
        this.limiter = limiter;
    }

    /** Registers a primer for the limiter and returns the limiter, for the handler's Lambda constructor. */
    public static RateLimiter register(RateLimiter limiter) {
        RateLimitPrimer primer = new RateLimitPrimer(limiter);
        synchronized (REGISTERED) {
            REGISTERED.add(primer);
        }
        Core.getGlobalContext().register(primer);
        return limiter;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to restore: the counter left behind is never read by a real caller.
    }

    /** The priming request; returns whether it reached the table, and never throws. */
    public boolean prime() {
        try {
            limiter.acquire(SUBJECT, new RateLimit("priming", Integer.MAX_VALUE, Duration.ofMinutes(1)));
            return true;
        } catch (RuntimeException e) {
            Log.warn("rate limiter priming failed; the snapshot is taken anyway", "error_type", e.getClass().getName());
            return false;
        }
    }
}
