package com.cordiul.e2e;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls a condition until it holds or a generous deadline passes: no fixed sleeps, no timing assertions. */
public final class Deadline {

    /** Long enough for a loaded two-core CI machine; a healthy run needs a fraction of it. */
    public static final Duration GENEROUS = Duration.ofSeconds(60);
    /**
     * Between two reads. Most conditions are read through the API, and every read costs the single dynalite
     * process a few operations: polling harder would slow down the very calls being waited for.
     */
    private static final long PAUSE_MILLIS = 200;

    private Deadline() {
    }

    /**
     * Reads a value until it satisfies the condition and returns it; fails naming what was awaited and the last
     * value seen.
     */
    public static <T> T await(String what, Supplier<T> read, Predicate<T> done) {
        return await(what, GENEROUS, read, done);
    }

    /** {@link #await(String, Supplier, Predicate)} with another deadline. */
    public static <T> T await(String what, Duration timeout, Supplier<T> read, Predicate<T> done) {
        return await(what, timeout, Duration.ofMillis(PAUSE_MILLIS), read, done);
    }

    /** {@link #await(String, Duration, Supplier, Predicate)} with another pause, for a costly read. */
    public static <T> T await(String what, Duration timeout, Duration pause, Supplier<T> read, Predicate<T> done) {
        long end = System.nanoTime() + timeout.toNanos();
        T last = read.get();
        while (!done.test(last)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + "; last seen: " + last);
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + what, e);
            }
            last = read.get();
        }
        return last;
    }
}
