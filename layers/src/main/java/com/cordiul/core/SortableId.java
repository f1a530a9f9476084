package com.cordiul.core;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Random;

/**
 * Time-sortable identifiers in the ULID layout: a 48-bit millisecond timestamp then 80 random bits, written as 26
 * Crockford base32 characters, so that ids sort as strings in the order they were made. Within one millisecond
 * the random part is incremented rather than redrawn, so one generator's ids are strictly increasing.
 *
 * <p>A DynamoDB range key made of {@code prefix + id} therefore sorts newest first with
 * {@code ScanIndexForward=false}, and {@link #lowest}/{@link #highest} bound a date range in a key condition.
 */
public final class SortableId {

    /** Length of every id. */
    public static final int LENGTH = 26;

    /** Crockford's base32 alphabet: no I, L, O, U, so ids read back unambiguously. */
    public static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /** The largest timestamp the 48-bit field can hold (year 10889). */
    public static final long MAX_MILLIS = (1L << 48) - 1;

    private static final int TIME_CHARS = 10;
    private static final int RANDOM_CHARS = 16;
    private static final long RANDOM_LOW_MASK = (1L << 40) - 1;

    private final Clock clock;
    private final Random random;
    private long lastMillis = -1;
    private long randomHigh;
    private long randomLow;

    /** A generator on the given clock and randomness source. */
    public SortableId(Clock clock, Random random) {
        this.clock = clock;
        this.random = random;
    }

    /** A generator on the system clock and a {@link SecureRandom}. */
    public static SortableId system() {
        return new SortableId(Clock.systemUTC(), new SecureRandom());
    }

    /** The next id: later than every id this generator made before, unless the clock went backwards. */
    public synchronized String next() {
        long millis = clock.millis();
        if (millis < 0 || millis > MAX_MILLIS) {
            throw new IllegalStateException("Clock outside the range of a sortable id: " + millis);
        }
        if (millis == lastMillis) {
            increment();
        } else {
            // 40 + 40 bits: two halves keep the arithmetic in longs.
            randomHigh = random.nextLong() & RANDOM_LOW_MASK;
            randomLow = random.nextLong() & RANDOM_LOW_MASK;
            lastMillis = millis;
        }
        return encode(millis, randomHigh, randomLow);
    }

    private void increment() {
        randomLow = (randomLow + 1) & RANDOM_LOW_MASK;
        if (randomLow == 0) {
            randomHigh = (randomHigh + 1) & RANDOM_LOW_MASK;
            if (randomHigh == 0) {
                // 2^80 ids in one millisecond: wait for the clock rather than wrap around and break the order.
                throw new IllegalStateException("Sortable id space of this millisecond exhausted");
            }
        }
    }

    /** A fresh id for that instant, its 80 random bits drawn from {@code random} (no ordering within a ms). */
    public static String at(Instant instant, java.util.random.RandomGenerator random) {
        return encode(millisOf(instant), random.nextLong() & RANDOM_LOW_MASK, random.nextLong() & RANDOM_LOW_MASK);
    }

    /** The smallest id any generator can make at this instant (inclusive lower bound of a range). */
    public static String lowest(Instant instant) {
        return encode(millisOf(instant), 0, 0);
    }

    /** The largest id any generator can make at this instant (inclusive upper bound of a range). */
    public static String highest(Instant instant) {
        return encode(millisOf(instant), RANDOM_LOW_MASK, RANDOM_LOW_MASK);
    }

    /** Whether the text is an id: 26 characters of the alphabet, with a timestamp that fits 48 bits. */
    public static boolean isValid(String text) {
        if (text == null || text.length() != LENGTH || text.charAt(0) > '7') {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            if (ALPHABET.indexOf(text.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The instant an id was made at, to the millisecond. */
    public static Instant instantOf(String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException("Not a sortable id");
        }
        long millis = 0;
        for (int i = 0; i < TIME_CHARS; i++) {
            millis = (millis << 5) | ALPHABET.indexOf(id.charAt(i));
        }
        return Instant.ofEpochMilli(millis);
    }

    private static long millisOf(Instant instant) {
        long millis = instant.toEpochMilli();
        if (millis < 0 || millis > MAX_MILLIS) {
            throw new IllegalArgumentException("Instant outside the range of a sortable id");
        }
        return millis;
    }

    private static String encode(long millis, long high, long low) {
        char[] out = new char[LENGTH];
        writeBase32(out, 0, TIME_CHARS, millis);
        writeBase32(out, TIME_CHARS, RANDOM_CHARS / 2, high);
        writeBase32(out, TIME_CHARS + RANDOM_CHARS / 2, RANDOM_CHARS / 2, low);
        return new String(out);
    }

    private static void writeBase32(char[] out, int offset, int chars, long value) {
        long rest = value;
        for (int i = offset + chars - 1; i >= offset; i--) {
            out[i] = ALPHABET.charAt((int) (rest & 31));
            rest >>>= 5;
        }
    }
}
