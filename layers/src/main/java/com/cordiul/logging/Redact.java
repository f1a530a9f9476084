package com.cordiul.logging;

/** Masks personal data before it is logged. */
public final class Redact {

    private Redact() {
    }

    /** All but the last four digits of a phone number replaced with '*'. */
    public static String phone(String number) {
        if (number == null) {
            return null;
        }
        int keep = Math.min(4, number.length());
        return "*".repeat(number.length() - keep) + number.substring(number.length() - keep);
    }
}
