package com.cordiul.local.runner.schedule;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * AWS's cron expression ({@code cron(minutes hours day-of-month month day-of-week year)}), as EventBridge documents
 * it: minutes 0-59, hours 0-23, day-of-month 1-31, month 1-12 or JAN-DEC, day-of-week 1-7 or SUN-SAT (1 is Sunday),
 * year 1970-2199; {@code ,} lists, {@code -} ranges, {@code *} all, {@code /} increments ({@code 0/15},
 * {@code *}{@code /5}, {@code 10-40/10}); exactly one of the two day fields is {@code ?} (any); day-of-month also takes
 * {@code L} (the month's last day) and {@code nW} (the weekday nearest day n, within the month); day-of-week takes
 * {@code L} (Saturday), {@code nL} (the month's last day n) and {@code n#k} (the k-th day n of the month, alone in
 * its field). Times are in the zone it is given (UTC for an EventBridge rule).
 */
public final class CronExpression implements ScheduleExpression {

    static final int FIRST_YEAR = 1970;
    static final int LAST_YEAR = 2199;
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
            "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    private final String text;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet months;
    private final BitSet years;
    private final DayRule days;

    private CronExpression(String text, BitSet minutes, BitSet hours, BitSet months, BitSet years, DayRule days) {
        this.text = text;
        this.minutes = minutes;
        this.hours = hours;
        this.months = months;
        this.years = years;
        this.days = days;
    }

    /** Which days of a month match: one of the two day fields (the other is {@code ?}). */
    private sealed interface DayRule {
        boolean matches(LocalDate date);
    }

    /** Days of the month from a list ({@code 1,15}, {@code 1-7}, {@code *}...). */
    private record DaysOfMonth(BitSet days) implements DayRule {
        @Override
        public boolean matches(LocalDate date) {
            return days.get(date.getDayOfMonth());
        }
    }

    /** {@code L}: the month's last day. */
    private record LastDayOfMonth() implements DayRule {
        @Override
        public boolean matches(LocalDate date) {
            return date.getDayOfMonth() == date.lengthOfMonth();
        }
    }

    /** {@code nW}: the weekday nearest day n of the month, never in another month. */
    private record NearestWeekday(int day) implements DayRule {
        @Override
        public boolean matches(LocalDate date) {
            if (day > date.lengthOfMonth()) {
                return false;
            }
            LocalDate target = date.withDayOfMonth(day);
            if (target.getDayOfWeek() == DayOfWeek.SATURDAY) {
                target = day == 1 ? target.plusDays(2) : target.minusDays(1);
            } else if (target.getDayOfWeek() == DayOfWeek.SUNDAY) {
                target = day == date.lengthOfMonth() ? target.minusDays(2) : target.plusDays(1);
            }
            return target.equals(date);
        }
    }

    /** Days of the week from a list (1 is Sunday). */
    private record DaysOfWeek(BitSet days) implements DayRule {
        @Override
        public boolean matches(LocalDate date) {
            return days.get(awsDay(date));
        }
    }

    /** {@code nL}: the month's last day n of the week. */
    private record LastDayOfWeek(int day) implements DayRule {
        @Override
        public boolean matches(LocalDate date) {
            return awsDay(date) == day && date.plusWeeks(1).getMonth() != date.getMonth();
        }
    }

    /** {@code n#k}: the k-th day n of the week in the month. */
    private record NthDayOfWeek(int day, int nth) implements DayRule {
        @Override
        public boolean matches(LocalDate date) {
            return awsDay(date) == day && (date.getDayOfMonth() - 1) / 7 + 1 == nth;
        }
    }

    /** AWS's day of the week: 1 Sunday ... 7 Saturday. */
    static int awsDay(LocalDate date) {
        return date.getDayOfWeek().getValue() % 7 + 1;
    }

    /** Reads {@code cron(...)}. */
    static CronExpression parse(String text) {
        String[] fields = text.substring(5, text.length() - 1).trim().split("\\s+");
        if (fields.length != 6) {
            throw new ScheduleExpressionException(text, "a cron expression has six fields (minutes hours "
                    + "day-of-month month day-of-week year), not " + fields.length);
        }
        BitSet minutes = list(text, "minutes", fields[0], 0, 59, List.of());
        BitSet hours = list(text, "hours", fields[1], 0, 23, List.of());
        BitSet months = list(text, "month", fields[3], 1, 12, MONTHS);
        BitSet years = list(text, "year", fields[5], FIRST_YEAR, LAST_YEAR, List.of());
        boolean anyDayOfMonth = "?".equals(fields[2]);
        boolean anyDayOfWeek = "?".equals(fields[4]);
        if (anyDayOfMonth == anyDayOfWeek) {
            throw new ScheduleExpressionException(text, "exactly one of day-of-month and day-of-week is ? (any): "
                    + "the other says which days");
        }
        DayRule days = anyDayOfWeek ? dayOfMonth(text, fields[2]) : dayOfWeek(text, fields[4]);
        return new CronExpression(text, minutes, hours, months, years, days);
    }

    private static DayRule dayOfMonth(String text, String field) {
        if ("L".equals(field)) {
            return new LastDayOfMonth();
        }
        if (field.endsWith("W")) {
            int day = number(text, "day-of-month", field.substring(0, field.length() - 1), 1, 31, List.of());
            return new NearestWeekday(day);
        }
        if (field.contains("L") || field.contains("W") || field.contains("#") || field.contains("?")) {
            throw new ScheduleExpressionException(text, "day-of-month takes a list, L, or nW (e.g. 15W), not "
                    + field);
        }
        return new DaysOfMonth(list(text, "day-of-month", field, 1, 31, List.of()));
    }

    private static DayRule dayOfWeek(String text, String field) {
        String upper = field.toUpperCase(Locale.ROOT);
        if ("L".equals(upper)) {
            return new DaysOfWeek(bits(7));
        }
        if (upper.contains("#")) {
            String[] parts = upper.split("#", -1);
            if (parts.length != 2 || upper.contains(",")) {
                throw new ScheduleExpressionException(text, "with #, day-of-week holds one day#nth (e.g. 3#2), not "
                        + field);
            }
            return new NthDayOfWeek(number(text, "day-of-week", parts[0], 1, 7, DAYS),
                    number(text, "the # of day-of-week", parts[1], 1, 5, List.of()));
        }
        if (upper.endsWith("L")) {
            return new LastDayOfWeek(number(text, "day-of-week", upper.substring(0, upper.length() - 1), 1, 7,
                    DAYS));
        }
        // Anything else is a list: list() refuses what is neither a number nor a day's name (WED holds a W).
        return new DaysOfWeek(list(text, "day-of-week", upper, 1, 7, DAYS));
    }

    /** A field of {@code ,}-separated items: {@code *}, {@code a}, {@code a-b}, each optionally {@code /step}. */
    private static BitSet list(String text, String name, String field, int min, int max, List<String> names) {
        BitSet values = new BitSet();
        for (String item : field.toUpperCase(Locale.ROOT).split(",", -1)) {
            String range = item;
            int step = 1;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                range = item.substring(0, slash);
                step = number(text, "the increment of " + name, item.substring(slash + 1), 1, max - min + 1,
                        List.of());
            }
            int from;
            int to;
            if ("*".equals(range)) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                String[] ends = range.split("-", -1);
                if (ends.length != 2) {
                    throw new ScheduleExpressionException(text, name + ": not a range: " + item);
                }
                from = number(text, name, ends[0], min, max, names);
                to = number(text, name, ends[1], min, max, names);
                if (from > to) {
                    throw new ScheduleExpressionException(text, name + ": the range " + item + " ends before it "
                            + "starts");
                }
            } else {
                from = number(text, name, range, min, max, names);
                to = slash >= 0 ? max : from;
            }
            for (int v = from; v <= to; v += step) {
                values.set(v);
            }
        }
        return values;
    }

    /** A number within bounds, or a name (JAN, SUN, ...) standing for its position from {@code min}. */
    private static int number(String text, String name, String value, int min, int max, List<String> names) {
        int named = names.indexOf(value.toUpperCase(Locale.ROOT));
        if (named >= 0) {
            return min + named;
        }
        if (!value.matches("[0-9]{1,4}")) {
            throw new ScheduleExpressionException(text, name + ": '" + value + "' is not a number"
                    + (names.isEmpty() ? "" : " nor one of " + names));
        }
        int n = Integer.parseInt(value);
        if (n < min || n > max) {
            throw new ScheduleExpressionException(text, name + " is " + min + " to " + max + ", not " + n);
        }
        return n;
    }

    private static BitSet bits(int... values) {
        BitSet set = new BitSet();
        for (int v : values) {
            set.set(v);
        }
        return set;
    }

    @Override
    public Optional<Instant> next(Instant after, Instant origin, ZoneId zone) {
        LocalDateTime t = LocalDateTime.ofInstant(after, zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        while (t.getYear() <= LAST_YEAR) {
            Optional<LocalDateTime> local = nextLocal(t);
            if (local.isEmpty()) {
                return Optional.empty();
            }
            Instant fire = local.get().atZone(zone).toInstant();
            if (fire.isAfter(after)) {
                return Optional.of(fire);
            }
            // A local time a daylight-saving change moved back before the start: look on from the next minute.
            t = local.get().plusMinutes(1);
        }
        return Optional.empty();
    }

    /** The first local time at or after {@code from} that matches every field. */
    Optional<LocalDateTime> nextLocal(LocalDateTime from) {
        LocalDateTime t = from;
        while (t.getYear() <= LAST_YEAR) {
            if (t.getYear() < FIRST_YEAR || !years.get(t.getYear())) {
                int year = years.nextSetBit(Math.max(t.getYear() + 1, FIRST_YEAR));
                if (year < 0) {
                    return Optional.empty();
                }
                t = LocalDateTime.of(year, 1, 1, 0, 0);
                continue;
            }
            LocalDate date = t.toLocalDate();
            if (!months.get(t.getMonthValue())) {
                t = date.with(TemporalAdjusters.firstDayOfNextMonth()).atStartOfDay();
                continue;
            }
            if (days.matches(date)) {
                Optional<LocalTime> time = timeAtOrAfter(t.toLocalTime());
                if (time.isPresent()) {
                    return Optional.of(LocalDateTime.of(date, time.get()));
                }
            }
            t = date.plusDays(1).atStartOfDay();
        }
        return Optional.empty();
    }

    private Optional<LocalTime> timeAtOrAfter(LocalTime from) {
        for (int h = hours.nextSetBit(from.getHour()); h >= 0; h = hours.nextSetBit(h + 1)) {
            int m = minutes.nextSetBit(h == from.getHour() ? from.getMinute() : 0);
            if (m >= 0) {
                return Optional.of(LocalTime.of(h, m));
            }
        }
        return Optional.empty();
    }

    /** Whether a local time (to the minute) matches every field. */
    boolean matches(LocalDateTime time) {
        return years.get(time.getYear()) && months.get(time.getMonthValue()) && days.matches(time.toLocalDate())
                && hours.get(time.getHour()) && minutes.get(time.getMinute());
    }

    @Override
    public String toString() {
        return text;
    }
}
