package com.cordiul.local.runner.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * AWS cron expressions, generated field by field with the set of values each field means, against a reference that
 * searches minute by minute from those sets: the parser's next firing is the first matching minute after the
 * start, in every case.
 */
class CronExpressionPropertiesTest {

    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
            "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    /** The reference searches no further: an expression that fires later must fire after it. */
    private static final LocalDate HORIZON = LocalDate.of(2036, 12, 31);

    /** A field as written, and the values it means. */
    record Field(String text, Set<Integer> values) {
    }

    /** An expression as written, and which minutes it means. */
    record Generated(String text, Predicate<LocalDate> day, Set<Integer> minutes, Set<Integer> hours) {
    }

    @Property(tries = 400)
    void next_isTheFirstMatchingMinuteAfterTheStart(@ForAll("expressions") Generated cron,
                                                    @ForAll("starts") Instant after) {
        Optional<Instant> next = ScheduleExpression.parse(cron.text()).next(after, after, ZoneOffset.UTC);
        Optional<LocalDateTime> expected = reference(cron, LocalDateTime.ofInstant(after, ZoneOffset.UTC));
        if (expected.isPresent()) {
            assertThat(next).as(cron.text()).hasValue(expected.get().toInstant(ZoneOffset.UTC));
        } else {
            next.ifPresent(n -> assertThat(LocalDateTime.ofInstant(n, ZoneOffset.UTC).toLocalDate()).as(cron.text())
                    .isAfter(HORIZON));
        }
    }

    @Property(tries = 200)
    void parsedExpression_matchesExactlyTheMinutesItMeans(@ForAll("expressions") Generated cron,
                                                          @ForAll("starts") Instant at) {
        CronExpression parsed = (CronExpression) ScheduleExpression.parse(cron.text());
        LocalDateTime minute = LocalDateTime.ofInstant(at, ZoneOffset.UTC).withSecond(0).withNano(0);
        for (int i = 0; i < 100; i++, minute = minute.plusMinutes(97)) {
            assertThat(parsed.matches(minute)).as(cron.text() + " at " + minute).isEqualTo(means(cron, minute));
        }
    }

    /** The first minute after {@code after}, up to the horizon, that the generated sets say. */
    private static Optional<LocalDateTime> reference(Generated cron, LocalDateTime after) {
        LocalDateTime first = after.withSecond(0).withNano(0).plusMinutes(1);
        for (LocalDate date = first.toLocalDate(); !date.isAfter(HORIZON); date = date.plusDays(1)) {
            if (!cron.day().test(date)) {
                continue;
            }
            for (int h : new TreeSet<>(cron.hours())) {
                for (int m : new TreeSet<>(cron.minutes())) {
                    LocalDateTime candidate = date.atTime(h, m);
                    if (!candidate.isBefore(first)) {
                        return Optional.of(candidate);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean means(Generated cron, LocalDateTime minute) {
        return cron.day().test(minute.toLocalDate()) && cron.hours().contains(minute.getHour())
                && cron.minutes().contains(minute.getMinute());
    }

    @Provide
    Arbitrary<Instant> starts() {
        return Arbitraries.longs().between(Instant.parse("2024-01-01T00:00:00Z").getEpochSecond(),
                Instant.parse("2030-12-31T23:59:59Z").getEpochSecond()).map(Instant::ofEpochSecond);
    }

    @Provide
    Arbitrary<Generated> expressions() {
        Arbitrary<Field> minutes = field(0, 59, List.of());
        Arbitrary<Field> hours = field(0, 23, List.of());
        Arbitrary<Field> months = field(1, 12, MONTHS);
        // Years the reference can reach: written values between 2024 and 2036, in the field's real 1970-2199.
        Arbitrary<Field> years = field(1970, 2199, List.of(), 2024, 2036);
        Arbitrary<Days> days = Arbitraries.oneOf(dayOfMonth(), dayOfWeek());
        return Combinators.combine(minutes, hours, months, years, days).as((mi, ho, mo, ye, d) -> {
            String text = "cron(" + mi.text() + " " + ho.text() + " " + d.dayOfMonth() + " " + mo.text() + " "
                    + d.dayOfWeek() + " " + ye.text() + ")";
            Predicate<LocalDate> day = date -> ye.values().contains(date.getYear())
                    && mo.values().contains(date.getMonthValue()) && d.rule().test(date);
            return new Generated(text, day, mi.values(), ho.values());
        });
    }

    /** A list field: *, a value, a range, an increment, or a list of those; sometimes by name. */
    private static Arbitrary<Field> field(int min, int max, List<String> names) {
        return field(min, max, names, min, max);
    }

    /** A list field of {@code min-max} whose written values are between {@code lo} and {@code hi}. */
    private static Arbitrary<Field> field(int min, int max, List<String> names, int lo, int hi) {
        Arbitrary<Field> item = Arbitraries.oneOf(
                Arbitraries.just(new Field("*", range(min, max, 1))),
                Arbitraries.integers().between(lo, hi).flatMap(v -> name(v, min, names)
                        .map(t -> new Field(t, Set.of(v)))),
                Combinators.combine(Arbitraries.integers().between(lo, hi), Arbitraries.integers().between(lo, hi))
                        .as((a, b) -> new int[] {Math.min(a, b), Math.max(a, b)})
                        .flatMap(r -> Combinators.combine(name(r[0], min, names), name(r[1], min, names))
                                .as((x, y) -> new Field(x + "-" + y, range(r[0], r[1], 1)))),
                Combinators.combine(Arbitraries.integers().between(lo, hi), Arbitraries.integers().between(1,
                        max - min + 1)).as((a, s) -> new Field(a + "/" + s, range(a, max, s))),
                Arbitraries.integers().between(1, max - min + 1).map(s -> new Field("*/" + s, range(min, max, s))),
                Combinators.combine(Arbitraries.integers().between(lo, hi), Arbitraries.integers().between(lo, hi),
                        Arbitraries.integers().between(1, Math.min(10, max - min + 1))).as((a, b, s) -> new Field(
                        Math.min(a, b) + "-"
                        + Math.max(a, b) + "/" + s, range(Math.min(a, b), Math.max(a, b), s))));
        return item.list().ofMinSize(1).ofMaxSize(3).map(items -> {
            List<String> texts = new ArrayList<>();
            Set<Integer> values = new TreeSet<>();
            items.forEach(i -> {
                texts.add(i.text());
                values.addAll(i.values());
            });
            return new Field(String.join(",", texts), values);
        });
    }

    private static Arbitrary<String> name(int value, int min, List<String> names) {
        if (names.isEmpty()) {
            return Arbitraries.just(Integer.toString(value));
        }
        return Arbitraries.of(Integer.toString(value), names.get(value - min),
                names.get(value - min).toLowerCase(java.util.Locale.ROOT));
    }

    /** The two day fields as written (one of them {@code ?}) and the days they mean. */
    record Days(String dayOfMonth, String dayOfWeek, Predicate<LocalDate> rule) {
    }

    /** Day-of-month given, day-of-week {@code ?}: a list, L, or nW. */
    private static Arbitrary<Days> dayOfMonth() {
        return Arbitraries.oneOf(
                field(1, 31, List.of()).map(f -> new Days(f.text(), "?",
                        date -> f.values().contains(date.getDayOfMonth()))),
                Arbitraries.just(new Days("L", "?", date -> date.equals(YearMonth.from(date).atEndOfMonth()))),
                Arbitraries.integers().between(1, 31).map(n -> new Days(n + "W", "?",
                        date -> n <= date.lengthOfMonth() && date.equals(closestWeekday(date, n)))));
    }

    /** Day-of-month {@code ?}, day-of-week given: a list (1 is Sunday), L (Saturday), nL, or n#k. */
    private static Arbitrary<Days> dayOfWeek() {
        return Arbitraries.oneOf(
                field(1, 7, DAYS).map(f -> new Days("?", f.text(), date -> f.values().contains(sunday1(date)))),
                Arbitraries.just(new Days("?", "L", date -> date.getDayOfWeek() == DayOfWeek.SATURDAY)),
                Arbitraries.integers().between(1, 7).map(d -> new Days("?", d + "L",
                        date -> date.equals(lastOfMonth(date, d)))),
                Combinators.combine(Arbitraries.integers().between(1, 7), Arbitraries.integers().between(1, 5))
                        .as((d, k) -> new Days("?", d + "#" + k, date -> date.equals(nthOfMonth(date, d, k)))));
    }

    /** The month's last day {@code d} of the week (1 is Sunday), found by walking the month. */
    private static LocalDate lastOfMonth(LocalDate inMonth, int d) {
        LocalDate last = null;
        for (LocalDate x = inMonth.withDayOfMonth(1); x.getMonth() == inMonth.getMonth(); x = x.plusDays(1)) {
            if (sunday1(x) == d) {
                last = x;
            }
        }
        return last;
    }

    /** The month's k-th day {@code d} of the week, or null when it has fewer. */
    private static LocalDate nthOfMonth(LocalDate inMonth, int d, int k) {
        int seen = 0;
        for (LocalDate x = inMonth.withDayOfMonth(1); x.getMonth() == inMonth.getMonth(); x = x.plusDays(1)) {
            if (sunday1(x) == d && ++seen == k) {
                return x;
            }
        }
        return null;
    }

    /** The weekday of the month closest to day n (weekends have a nearer weekday on one side only). */
    private static LocalDate closestWeekday(LocalDate inMonth, int n) {
        LocalDate best = null;
        for (LocalDate x = inMonth.withDayOfMonth(1); x.getMonth() == inMonth.getMonth(); x = x.plusDays(1)) {
            boolean weekday = x.getDayOfWeek() != DayOfWeek.SATURDAY && x.getDayOfWeek() != DayOfWeek.SUNDAY;
            if (weekday && (best == null || Math.abs(x.getDayOfMonth() - n) < Math.abs(best.getDayOfMonth() - n))) {
                best = x;
            }
        }
        return best;
    }

    private static int sunday1(LocalDate date) {
        return switch (date.getDayOfWeek()) {
            case SUNDAY -> 1;
            case MONDAY -> 2;
            case TUESDAY -> 3;
            case WEDNESDAY -> 4;
            case THURSDAY -> 5;
            case FRIDAY -> 6;
            case SATURDAY -> 7;
        };
    }

    private static Set<Integer> range(int from, int to, int step) {
        Set<Integer> values = new TreeSet<>();
        for (int v = from; v <= to; v += step) {
            values.add(v);
        }
        return values;
    }
}
