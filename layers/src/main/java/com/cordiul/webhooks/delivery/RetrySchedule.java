package com.cordiul.webhooks.delivery;

import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * When a failed delivery is tried again, and how long a failing endpoint is left alone.
 *
 * <p>Attempts: the first at once, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h: eight attempts over
 * 27 h 35 min, each wait stretched by a random 0-20% (jitter, so that the retries of many deliveries that failed
 * together do not come back together), so the last attempt comes 27.6 to 33 hours after the first.
 *
 * <p>Circuit: after the n-th failure in a row an endpoint gets no attempt at all for 5 s, 30 s, 2 min, 10 min,
 * 30 min, then 1 h; its other deliveries wait (without using an attempt) until then, and one of them probes it.
 */
public final class RetrySchedule {

    /** Attempts made before a delivery is given up. */
    public static final int MAX_ATTEMPTS = 8;
    /** The wait after each failed attempt: the n-th entry follows attempt n. */
    public static final List<Duration> WAITS = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10),
            Duration.ofHours(10));
    /** How long attempts are held back after the n-th failure in a row (the last entry from then on). */
    public static final List<Duration> CIRCUIT = List.of(Duration.ofSeconds(5), Duration.ofSeconds(30),
            Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1));
    /** Jitter added to a wait, at most, as a fraction of it. */
    public static final double JITTER = 0.2;

    private final List<Duration> waits;
    private final List<Duration> circuit;
    private final RandomGenerator random;

    /** A schedule of other waits (a test's, in seconds rather than hours); {@code waits} has MAX_ATTEMPTS - 1. */
    public RetrySchedule(List<Duration> waits, List<Duration> circuit, RandomGenerator random) {
        if (waits.size() != MAX_ATTEMPTS - 1 || circuit.isEmpty()) {
            throw new IllegalArgumentException("A wait after every attempt but the last, and a circuit");
        }
        this.waits = List.copyOf(waits);
        this.circuit = List.copyOf(circuit);
        this.random = random;
    }

    /** The schedule above. */
    public static RetrySchedule standard(RandomGenerator random) {
        return new RetrySchedule(WAITS, CIRCUIT, random);
    }

    /** The wait after failed attempt number {@code attempt} (1 to {@link #MAX_ATTEMPTS} - 1), jitter included. */
    public Duration waitAfter(int attempt) {
        if (attempt < 1 || attempt >= MAX_ATTEMPTS) {
            throw new IllegalArgumentException("No retry follows attempt " + attempt);
        }
        return jittered(waits.get(attempt - 1));
    }

    /** How long an endpoint is left alone after its {@code failures}-th failure in a row. */
    public Duration circuitOpenFor(int failures) {
        return circuit.get(Math.max(0, Math.min(circuit.size(), failures) - 1));
    }

    /** A wait for an attempt put off while the endpoint is busy: 1 s, doubled per deferral, at most 60 s. */
    public Duration deferral(int deferrals) {
        long seconds = 1L << Math.min(6, Math.max(0, deferrals));
        return jittered(Duration.ofSeconds(Math.min(60, seconds)));
    }

    /** A random part of {@code within}, to spread deliveries that wait for the same moment. */
    public Duration spread(Duration within) {
        long millis = within.toMillis();
        return Duration.ofMillis(millis <= 0 ? 0 : random.nextLong(millis));
    }

    private Duration jittered(Duration wait) {
        long millis = wait.toMillis();
        return Duration.ofMillis(millis + (long) (millis * JITTER * random.nextDouble()));
    }
}
