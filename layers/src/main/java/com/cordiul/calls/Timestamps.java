package com.cordiul.calls;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoUnit;

/** ISO-8601 UTC instants with exactly three fraction digits: the same length always, so they sort as text. */
public final class Timestamps {

    private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder().appendInstant(3).toFormatter();

    private Timestamps() {
    }

    /** e.g. {@code 2024-01-09T20:00:00.000Z}. */
    public static String format(Instant instant) {
        return FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }
}
