package com.cordiul.local.voice.playout;

import java.time.Duration;
import java.util.Objects;

/**
 * The playout's clock: every Chime time is multiplied by {@code scale} (1 plays calls in real time, 0.01 a hundred
 * times faster). Chime's 5 s invocation timeout and 20 s give-up scale along by default; tests that drive a real
 * function at a small scale may set them apart so that a slow store is not mistaken for a dead function.
 *
 * @param scale factor applied to Chime time
 * @param invocationTimeout how long one invocation may take before Chime retries it
 * @param giveUpAfter how long Chime keeps retrying an event before it hangs the call up
 */
public record PlayoutTiming(double scale, Duration invocationTimeout, Duration giveUpAfter) {

    /** Chime's wait for one invocation. */
    public static final Duration CHIME_INVOCATION_TIMEOUT = Duration.ofSeconds(5);
    /** Chime's wait for an answer to one event, retries included. */
    public static final Duration CHIME_GIVE_UP = Duration.ofSeconds(20);

    public PlayoutTiming {
        if (!(scale > 0)) {
            throw new IllegalArgumentException("scale must be positive");
        }
        Objects.requireNonNull(invocationTimeout, "invocationTimeout");
        Objects.requireNonNull(giveUpAfter, "giveUpAfter");
    }

    /** Everything, Chime's timeouts included, at this scale. */
    public static PlayoutTiming scaled(double scale) {
        return new PlayoutTiming(scale, scale(CHIME_INVOCATION_TIMEOUT, scale), scale(CHIME_GIVE_UP, scale));
    }

    /** The same scale with other invocation limits (real time, not scaled). */
    public PlayoutTiming withInvocationLimits(Duration timeout, Duration giveUp) {
        return new PlayoutTiming(scale, timeout, giveUp);
    }

    /** The real duration of a Chime duration. */
    public Duration real(Duration chimeTime) {
        return scale(chimeTime, scale);
    }

    private static Duration scale(Duration d, double scale) {
        return Duration.ofNanos(Math.round(d.toNanos() * scale));
    }
}
