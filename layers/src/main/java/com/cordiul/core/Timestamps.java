package com.cordiul.core;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The one timestamp format of the API and the store: ISO-8601 UTC with exactly three fraction digits, e.g.
 * {@code 2024-01-09T20:00:00.000Z}. The fixed width makes stored timestamps compare correctly as strings, which
 * condition expressions rely on.
 */
public final class Timestamps {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    /** The instant, truncated to the millisecond, in the API's format. */
    public static String format(Instant instant) {
        return FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /** Reads a timestamp written by {@link #format} (or any ISO-8601 instant). */
    public static Instant parse(String text) {
        return Instant.parse(text);
    }
}
