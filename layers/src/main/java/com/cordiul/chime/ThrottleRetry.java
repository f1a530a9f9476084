package com.cordiul.chime;

import java.time.Duration;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * How a throttled dial is retried: a few attempts with full-jitter exponential backoff. Throttling is the only
 * Chime answer known to mean "not processed", so it is the only one ever retried.
 *
 * @param maxAttempts attempts in all, the first included
 * @param delayBeforeRetry the pause before retry n (1-based)
 * @param sleeper how to pause
 */
public record ThrottleRetry(int maxAttempts, IntFunction<Duration> delayBeforeRetry, Sleeper sleeper) {

    /** Pauses the current thread. */
    @FunctionalInterface
    public interface Sleeper {
        /** Pauses for the duration. */
        void sleep(Duration duration) throws InterruptedException;
    }

    public ThrottleRetry {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** Three attempts, pauses drawn uniformly up to 100 ms, 200 ms: well inside the function's timeout. */
    public static ThrottleRetry standard() {
        Random random = new Random();
        return new ThrottleRetry(3, retry -> jittered(random, Duration.ofMillis(100), Duration.ofSeconds(1), retry),
                duration -> Thread.sleep(duration.toMillis()));
    }

    /** Full jitter: uniform in [0, min(cap, base * 2^(retry-1))]. */
    static Duration jittered(Random random, Duration base, Duration cap, int retry) {
        long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(20, retry - 1));
        return Duration.ofMillis(random.nextLong(ceiling + 1));
    }
}
