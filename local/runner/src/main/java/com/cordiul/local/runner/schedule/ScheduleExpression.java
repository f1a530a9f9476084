package com.cordiul.local.runner.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An EventBridge schedule expression: {@code rate(value unit)}, {@code cron(6 fields)} (AWS's syntax, see
 * {@link CronExpression}) or, for the EventBridge Scheduler, {@code at(yyyy-mm-ddThh:mm:ss)}.
 */
public sealed interface ScheduleExpression permits ScheduleExpression.Rate, CronExpression, ScheduleExpression.At {

    /** Reads an expression; a {@link ScheduleExpressionException} says what EventBridge would refuse. */
    static ScheduleExpression parse(String text) {
        if (text == null) {
            throw new ScheduleExpressionException("null", "no expression");
        }
        if (text.startsWith("rate(") && text.endsWith(")")) {
            return Rate.parse(text);
        }
        if (text.startsWith("cron(") && text.endsWith(")")) {
            return CronExpression.parse(text);
        }
        if (text.startsWith("at(") && text.endsWith(")")) {
            return At.parse(text);
        }
        throw new ScheduleExpressionException(text, "neither rate(...), cron(...) nor at(...)");
    }

    /**
     * The first time it fires strictly after {@code after}, or none (an {@code at()} past, a cron beyond 2199).
     *
     * @param origin when the schedule was created: a rate fires at {@code origin + k * period}, k >= 1
     * @param zone   the zone its cron and at fields are in (UTC for an EventBridge rule)
     */
    Optional<Instant> next(Instant after, Instant origin, ZoneId zone);

    /**
     * {@code rate(value unit)}: every {@code value} minutes, hours or days from the schedule's creation. The unit is
     * singular for 1 ({@code rate(1 hour)}) and plural above ({@code rate(5 hours)}).
     */
    record Rate(long value, String unit, Duration period) implements ScheduleExpression {

        private static final Pattern RATE = Pattern.compile("rate\\(([0-9]+) ([a-z]+)\\)");

        static Rate parse(String text) {
            Matcher m = RATE.matcher(text);
            if (!m.matches()) {
                throw new ScheduleExpressionException(text, "a rate is rate(value unit), a whole number and one of "
                        + "minute(s), hour(s), day(s)");
            }
            long value;
            try {
                value = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                throw new ScheduleExpressionException(text, "the value is too large");
            }
            String unit = m.group(2);
            if (value < 1) {
                throw new ScheduleExpressionException(text, "the value is a positive number");
            }
            Duration one = switch (unit.endsWith("s") ? unit.substring(0, unit.length() - 1) : unit) {
                case "minute" -> Duration.ofMinutes(1);
                case "hour" -> Duration.ofHours(1);
                case "day" -> Duration.ofDays(1);
                default -> throw new ScheduleExpressionException(text, "the unit is minute(s), hour(s) or day(s)");
            };
            if ((value == 1) == unit.endsWith("s")) {
                throw new ScheduleExpressionException(text, value == 1 ? "a value of 1 takes a singular unit"
                        : "a value above 1 takes a plural unit");
            }
            try {
                return new Rate(value, unit, one.multipliedBy(value));
            } catch (ArithmeticException e) {
                throw new ScheduleExpressionException(text, "the value is too large");
            }
        }

        @Override
        public Optional<Instant> next(Instant after, Instant origin, ZoneId zone) {
            try {
                if (after.isBefore(origin)) {
                    return Optional.of(origin.plus(period));
                }
                long periods = Duration.between(origin, after).dividedBy(period) + 1;
                return Optional.of(origin.plus(period.multipliedBy(periods)));
            } catch (ArithmeticException | java.time.DateTimeException e) {
                // Beyond the end of time: it never fires again.
                return Optional.empty();
            }
        }
    }

    /** {@code at(yyyy-mm-ddThh:mm:ss)}: once, at that time of the schedule's zone (the EventBridge Scheduler's). */
    record At(LocalDateTime time) implements ScheduleExpression {

        static At parse(String text) {
            String inner = text.substring(3, text.length() - 1);
            if (!inner.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}")) {
                throw new ScheduleExpressionException(text, "a one-time schedule is at(yyyy-mm-ddThh:mm:ss)");
            }
            try {
                return new At(LocalDateTime.parse(inner));
            } catch (DateTimeParseException e) {
                throw new ScheduleExpressionException(text, "no such date or time");
            }
        }

        @Override
        public Optional<Instant> next(Instant after, Instant origin, ZoneId zone) {
            Instant at = time.atZone(zone).toInstant();
            return at.isAfter(after) ? Optional.of(at) : Optional.empty();
        }
    }
}
