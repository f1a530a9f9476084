package com.cordiul.keys;

import java.math.BigInteger;

/** Fixed-width base62 ({@code 0-9A-Za-z}): URL-safe, no punctuation, double-click selects a whole key. */
final class Base62 {

    static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static final BigInteger BASE = BigInteger.valueOf(62);

    private Base62() {
    }

    /** The unsigned value in exactly {@code width} characters, left-padded with '0'. */
    static String encode(BigInteger value, int width) {
        if (value.signum() < 0 || value.compareTo(BASE.pow(width)) >= 0) {
            throw new IllegalArgumentException("Value does not fit " + width + " base62 characters");
        }
        char[] out = new char[width];
        BigInteger rest = value;
        for (int i = width - 1; i >= 0; i--) {
            BigInteger[] qr = rest.divideAndRemainder(BASE);
            out[i] = ALPHABET.charAt(qr[1].intValue());
            rest = qr[0];
        }
        return new String(out);
    }

    /** The unsigned value in exactly {@code width} characters, left-padded with '0'. */
    static String encode(long value, int width) {
        return encode(BigInteger.valueOf(value), width);
    }

    /** Whether every character of the range is in the alphabet. */
    static boolean isBase62(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        return true;
    }
}
