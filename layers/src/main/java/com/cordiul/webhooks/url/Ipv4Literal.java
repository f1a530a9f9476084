package com.cordiul.webhooks.url;

import java.util.Locale;
import java.util.Optional;

/**
 * IPv4 addresses in every spelling a resolver or a browser reads as one (inet_aton's and the WHATWG URL
 * standard's): one to four dot-separated numbers, each decimal, octal (a leading 0) or hexadecimal (0x), the last
 * one filling the bytes that remain, so that {@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f.1} and
 * {@code 127.1} are all 127.0.0.1. A host that ends in such a number is an address or invalid, never a name.
 */
final class Ipv4Literal {

    private static final int MAX_PARTS = 4;
    // Longer text cannot be a number of at most 32 bits in any base (leading zeros aside, which stay bounded).
    private static final int MAX_PART_LENGTH = 40;

    private Ipv4Literal() {
    }

    /**
     * Whether the host's last label is a number (all decimal digits, or 0x and hexadecimal digits): such a host is
     * read as an IPv4 address, as the WHATWG URL standard reads it.
     */
    static boolean endsInNumber(String host) {
        String[] labels = host.split("\\.", -1);
        String last = labels[labels.length - 1];
        if (last.isEmpty() && labels.length > 1) {
            last = labels[labels.length - 2];
        }
        if (last.isEmpty()) {
            return false;
        }
        if (last.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return true;
        }
        String lower = last.toLowerCase(Locale.ROOT);
        return lower.startsWith("0x") && lower.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    /** The address as an unsigned 32-bit value in an int, or empty when the text is not one. */
    static Optional<Integer> parse(String host) {
        String text = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String[] parts = text.split("\\.", -1);
        if (parts.length > MAX_PARTS) {
            return Optional.empty();
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Optional<Long> value = number(parts[i]);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            values[i] = value.get();
        }
        long address = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (values[i] > 0xFF) {
                return Optional.empty();
            }
            address |= values[i] << (24 - 8 * i);
        }
        long last = values[parts.length - 1];
        int remainingBits = 8 * (MAX_PARTS - parts.length + 1);
        if (last >= 1L << remainingBits) {
            return Optional.empty();
        }
        return Optional.of((int) (address | last));
    }

    /** Dotted-quad form of an address. */
    static String format(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xFF) + "." + (address >>> 8 & 0xFF) + "." + (address & 0xFF);
    }

    private static Optional<Long> number(String part) {
        if (part.isEmpty() || part.length() > MAX_PART_LENGTH) {
            return Optional.empty();
        }
        int radix = 10;
        String digits = part;
        if (part.length() >= 2 && (part.startsWith("0x") || part.startsWith("0X"))) {
            radix = 16;
            digits = part.substring(2);
        } else if (part.length() >= 2 && part.charAt(0) == '0') {
            radix = 8;
            digits = part.substring(1);
        }
        if (digits.isEmpty()) {
            // "0x" alone is zero in the WHATWG reading.
            return Optional.of(0L);
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = Character.digit(digits.charAt(i), radix);
            if (digit < 0 || digits.charAt(i) > 0x7F) {
                return Optional.empty();
            }
            value = value * radix + digit;
            if (value > 0xFFFFFFFFL) {
                return Optional.empty();
            }
        }
        return Optional.of(value);
    }
}
