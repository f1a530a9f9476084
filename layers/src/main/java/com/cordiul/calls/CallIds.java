package com.cordiul.calls;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Call ids: {@code call_} + a 48-bit millisecond timestamp + 80 random bits, in Crockford base32 (26 characters).
 * Every id has the same length and the alphabet is in ASCII order, so ids sort as text in creation order, and a
 * creation-time range is an id range ({@link #lowest} to {@link #highest}): the list's date filters are key
 * conditions.
 */
public final class CallIds {

    /** Every call id starts with this. */
    public static final String PREFIX = "call_";

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final int TIME_CHARS = 10;
    private static final int RANDOM_CHARS = 16;
    private static final long MAX_MILLIS = (1L << 48) - 1;
    private static final Pattern FORMAT = Pattern.compile("^call_[0-7][0-9A-HJKMNP-TV-Z]{25}$");
    private static final RandomGenerator RANDOM = new SecureRandom();

    private CallIds() {
    }

    /** A new id for a call created at that instant. */
    public static String next(Instant createdAt) {
        return next(createdAt, RANDOM);
    }

    /** A new id from the given randomness (tests). */
    static String next(Instant createdAt, RandomGenerator random) {
        StringBuilder id = new StringBuilder(PREFIX.length() + TIME_CHARS + RANDOM_CHARS).append(PREFIX);
        appendTime(id, createdAt);
        for (int i = 0; i < RANDOM_CHARS; i++) {
            id.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return id.toString();
    }

    /** The smallest id a call created in that millisecond can have. */
    public static String lowest(Instant at) {
        return appendTime(new StringBuilder(PREFIX), at).append("0".repeat(RANDOM_CHARS)).toString();
    }

    /** The largest id a call created in that millisecond can have. */
    public static String highest(Instant at) {
        return appendTime(new StringBuilder(PREFIX), at).append("Z".repeat(RANDOM_CHARS)).toString();
    }

    /** Whether the text has the shape of a call id. */
    public static boolean isWellFormed(String id) {
        return id != null && FORMAT.matcher(id).matches();
    }

    /** The millisecond a well-formed id was created in. */
    public static Instant instantOf(String id) {
        if (!isWellFormed(id)) {
            throw new IllegalArgumentException("Not a call id");
        }
        long millis = 0;
        for (int i = 0; i < TIME_CHARS; i++) {
            millis = (millis << 5) | indexOf(id.charAt(PREFIX.length() + i));
        }
        return Instant.ofEpochMilli(millis);
    }

    /**
     * The largest well-formed id that sorts before this one, or empty when there is none: with fixed-length ids,
     * {@code id <= predecessor(x)} is exactly {@code id < x}, which a BETWEEN key condition can express.
     */
    static java.util.Optional<String> predecessor(String id) {
        char[] chars = id.toCharArray();
        for (int i = chars.length - 1; i >= PREFIX.length(); i--) {
            int digit = indexOf(chars[i]);
            if (digit > 0) {
                chars[i] = ALPHABET[digit - 1];
                return java.util.Optional.of(new String(chars));
            }
            chars[i] = ALPHABET[ALPHABET.length - 1];
        }
        return java.util.Optional.empty();
    }

    private static StringBuilder appendTime(StringBuilder id, Instant at) {
        long millis = Math.max(0, Math.min(MAX_MILLIS, at.toEpochMilli()));
        for (int i = TIME_CHARS - 1; i >= 0; i--) {
            id.append(ALPHABET[(int) ((millis >>> (5 * i)) & 31)]);
        }
        return id;
    }

    private static int indexOf(char c) {
        for (int i = 0; i < ALPHABET.length; i++) {
            if (ALPHABET[i] == c) {
                return i;
            }
        }
        throw new IllegalArgumentException("Not a Crockford base32 digit");
    }
}
