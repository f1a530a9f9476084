package com.cordiul.dialer;

import com.cordiul.chime.ThrottleRetry;
import com.cordiul.core.Environment;
import java.time.Duration;

/**
 * How the pacer paces, in milliseconds.
 *
 * @param intervalMs the minimum spacing of two dials: 1000 / {@code CHIME_CALLS_PER_SECOND}, plus a margin for the
 *                   jitter between the pacer's clock and the moment a request reaches Chime, so that no one-second
 *                   window ever holds more dials than the quota
 * @param maxActive at most this many calls dialed and not ended ({@code CHIME_MAX_ACTIVE_CALLS})
 * @param graceMs how long past the time a refused owner was told to come back its turn is kept for it
 * @param memoryMs how long an owner's last dial is remembered once it no longer waits
 * @param unclaimedMs how long a granted slot may stay without its call's claim before a repair frees it
 * @param capacityRetryMs when to come back after a refusal for capacity
 */
public record PacerSettings(long intervalMs, int maxActive, long graceMs, long memoryMs, long unclaimedMs,
                            long capacityRetryMs) {

    /** The margin added to the spacing, as a share of it: 1 dial/s is spaced 1025 ms (0.976 of the quota). */
    public static final double MARGIN = 0.025;

    public PacerSettings {
        if (intervalMs < 1 || maxActive < 1 || graceMs < 0 || memoryMs < 0 || unclaimedMs < 1
                || capacityRetryMs < 1) {
            throw new IllegalArgumentException("Pacer settings out of range");
        }
    }

    /** The settings of a quota: calls per second and active calls. */
    public static PacerSettings of(double callsPerSecond, int maxActive) {
        if (!(callsPerSecond > 0)) {
            throw new IllegalArgumentException("CHIME_CALLS_PER_SECOND must be above 0");
        }
        long interval = (long) Math.ceil(1000 / callsPerSecond * (1 + MARGIN));
        return new PacerSettings(interval, maxActive, 5_000, 120_000, 30_000, 2_000);
    }

    /** The margin in the interval: 25 ms at 1 dial per second. */
    public long marginMs() {
        return intervalMs - Math.round(intervalMs / (1 + MARGIN));
    }

    /**
     * How a dial Chime throttles is retried within its own slot. Chime refuses a dial that reaches it less than a
     * second after the one before; when that one reached it late (more jitter than the margin absorbs), a short
     * pause cures it, and giving the slot up instead would lose a whole interval. Each pause is shorter than the
     * margin, so a chain of late dials comes back onto the pace by at least the difference with every dial and dies
     * out. The pauses stop a fifth of an interval in, well before the next slot: a dial throttled past them (another
     * dialer in the account) gives its slot back and waits on the queue.
     */
    public ThrottleRetry throttleRetry(ThrottleRetry.Sleeper sleeper) {
        long pause = Math.max(1, marginMs() * 4 / 5);
        int retries = (int) Math.min(20, intervalMs / 5 / pause);
        return new ThrottleRetry(1 + retries, n -> Duration.ofMillis(pause), sleeper);
    }

    /** From {@code CHIME_CALLS_PER_SECOND} (default 1) and {@code CHIME_MAX_ACTIVE_CALLS} (default 10). */
    public static PacerSettings fromEnvironment() {
        return of(Double.parseDouble(Environment.getOrDefault("CHIME_CALLS_PER_SECOND", "1").trim()),
                Integer.parseInt(Environment.getOrDefault("CHIME_MAX_ACTIVE_CALLS", "10").trim()));
    }
}
