package com.cordiul.calls;

import com.cordiul.core.SortableId;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.random.RandomGenerator;
import java.util.Optional;

/**
 * Call ids: {@code call_} + a 48-bit millisecond timestamp + 80 random bits, in Crockford base32 (26 characters).
 * Every id has the same length and the alphabet is in ASCII order, so ids sort as text in creation order, and a
 * creation-time range is an id range ({@link #lowest} to {@link #highest}): the list's date filters are key
 * conditions.
 */
public final class CallIds {

    /** Every call id starts with this. */
    public static final String PREFIX = "call_";

    private static final RandomGenerator RANDOM = new SecureRandom();

    private CallIds() {
    }

    /** A new id for a call created at that instant. */
    public static String next(Instant createdAt) {
        return next(createdAt, RANDOM);
    }

    /** A new id from the given randomness (tests). */
    static String next(Instant createdAt, RandomGenerator random) {
        return PREFIX + SortableId.at(clamp(createdAt), random);
    }

    /** The smallest id a call created in that millisecond can have. */
    public static String lowest(Instant at) {
        return PREFIX + SortableId.lowest(clamp(at));
    }

    /** The largest id a call created in that millisecond can have. */
    public static String highest(Instant at) {
        return PREFIX + SortableId.highest(clamp(at));
    }

    /** Whether the text has the shape of a call id. */
    public static boolean isWellFormed(String id) {
        return id != null && id.startsWith(PREFIX) && SortableId.isValid(id.substring(PREFIX.length()));
    }

    /** The millisecond a well-formed id was created in. */
    public static Instant instantOf(String id) {
        if (!isWellFormed(id)) {
            throw new IllegalArgumentException("Not a call id");
        }
        return SortableId.instantOf(id.substring(PREFIX.length()));
    }

    /**
     * The largest well-formed id that sorts before this one, or empty when there is none: with fixed-length ids,
     * {@code id <= predecessor(x)} is exactly {@code id < x}, which a BETWEEN key condition can express.
     */
    static Optional<String> predecessor(String id) {
        char[] chars = id.toCharArray();
        String alphabet = SortableId.ALPHABET;
        for (int i = chars.length - 1; i >= PREFIX.length(); i--) {
            int digit = alphabet.indexOf(chars[i]);
            if (digit > 0) {
                chars[i] = alphabet.charAt(digit - 1);
                return Optional.of(new String(chars));
            }
            chars[i] = alphabet.charAt(alphabet.length() - 1);
        }
        return Optional.empty();
    }

    private static Instant clamp(Instant at) {
        return Instant.ofEpochMilli(Math.max(0, Math.min(SortableId.MAX_MILLIS, at.toEpochMilli())));
    }
}
