package com.cordiul.local.runner.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** EventBridge's schedule expressions: AWS's documented examples, what it refuses, and rates as properties. */
class ScheduleExpressionTest {

    private static final Instant ORIGIN = Instant.parse("2026-03-02T09:17:30Z");

    /** The next {@code count} firings after {@code from}, in UTC. */
    private static List<String> firings(String expression, String from, int count) {
        ScheduleExpression parsed = ScheduleExpression.parse(expression);
        List<String> out = new ArrayList<>();
        Instant t = Instant.parse(from);
        for (int i = 0; i < count; i++) {
            t = parsed.next(t, ORIGIN, ZoneOffset.UTC).orElseThrow();
            out.add(t.toString());
        }
        return out;
    }

    @ParameterizedTest(name = "{0} after {1}")
    @CsvSource(delimiter = '|', value = {
        // AWS's examples (EventBridge user guide, "Cron expressions reference").
        "cron(0 10 * * ? *)|2026-03-02T09:17:30Z|2026-03-02T10:00:00Z;2026-03-03T10:00:00Z",
        "cron(15 12 * * ? *)|2026-03-02T12:15:00Z|2026-03-03T12:15:00Z;2026-03-04T12:15:00Z",
        "cron(0 18 ? * MON-FRI *)|2026-03-06T18:00:00Z|2026-03-09T18:00:00Z;2026-03-10T18:00:00Z",
        "cron(0 8 1 * ? *)|2026-03-02T09:17:30Z|2026-04-01T08:00:00Z;2026-05-01T08:00:00Z",
        "cron(0/15 * * * ? *)|2026-03-02T09:17:30Z|2026-03-02T09:30:00Z;2026-03-02T09:45:00Z",
        "cron(0/10 * ? * MON-FRI *)|2026-03-06T23:55:00Z|2026-03-09T00:00:00Z;2026-03-09T00:10:00Z",
        "cron(0/5 8-17 ? * MON-FRI *)|2026-03-02T17:56:00Z|2026-03-03T08:00:00Z;2026-03-03T08:05:00Z",
        "cron(0 9 ? * 2#1 *)|2026-03-02T09:17:30Z|2026-04-06T09:00:00Z;2026-05-04T09:00:00Z",
        // The last day of the month, the weekday nearest the 15th, the last Friday, every minute.
        "cron(30 23 L * ? *)|2026-02-01T00:00:00Z|2026-02-28T23:30:00Z;2026-03-31T23:30:00Z",
        "cron(0 12 15W * ? *)|2026-08-01T00:00:00Z|2026-08-14T12:00:00Z;2026-09-15T12:00:00Z",
        "cron(0 12 1W * ? *)|2026-08-01T00:00:00Z|2026-08-03T12:00:00Z;2026-09-01T12:00:00Z",
        "cron(0 17 ? * 6L *)|2026-03-02T00:00:00Z|2026-03-27T17:00:00Z;2026-04-24T17:00:00Z",
        "cron(* * * * ? *)|2026-03-02T09:17:30Z|2026-03-02T09:18:00Z;2026-03-02T09:19:00Z",
        "cron(0 0 29 FEB ? 2026-2030)|2026-01-01T00:00:00Z|2028-02-29T00:00:00Z",
        // A rate counts from the schedule's creation.
        "rate(5 minutes)|2026-03-02T09:17:30Z|2026-03-02T09:22:30Z;2026-03-02T09:27:30Z",
        "rate(1 hour)|2026-03-01T00:00:00Z|2026-03-02T10:17:30Z;2026-03-02T11:17:30Z",
        "rate(2 days)|2026-03-10T00:00:00Z|2026-03-10T09:17:30Z;2026-03-12T09:17:30Z"})
    void documentedExamples_fireWhenAwsSaysTheyDo(String expression, String from, String expected) {
        List<String> want = List.of(expected.split(";"));
        assertThat(firings(expression, from, want.size())).containsExactlyElementsOf(want);
    }

    @Test
    void cronThatCanNeverFire_hasNoNextFiring_andAtFiresOnce() {
        assertThat(ScheduleExpression.parse("cron(0 0 30 2 ? *)").next(ORIGIN, ORIGIN, ZoneOffset.UTC)).isEmpty();
        ScheduleExpression at = ScheduleExpression.parse("at(2026-03-02T12:00:00)");
        assertThat(at.next(ORIGIN, ORIGIN, ZoneOffset.UTC)).hasValue(Instant.parse("2026-03-02T12:00:00Z"));
        assertThat(at.next(Instant.parse("2026-03-02T12:00:00Z"), ORIGIN, ZoneOffset.UTC)).isEmpty();
    }

    @Test
    void schedulersTimezone_placesCronAndAtInThatZone() {
        ZoneId paris = ZoneId.of("Europe/Paris");
        assertThat(ScheduleExpression.parse("cron(0 9 * * ? *)").next(ORIGIN, ORIGIN, paris))
                .hasValue(Instant.parse("2026-03-03T08:00:00Z"));
        // Summer time: 9:00 in Paris is 7:00 UTC.
        assertThat(ScheduleExpression.parse("cron(0 9 * * ? *)").next(Instant.parse("2026-07-01T00:00:00Z"), ORIGIN,
                paris)).hasValue(Instant.parse("2026-07-01T07:00:00Z"));
        assertThat(ScheduleExpression.parse("at(2026-03-02T12:00:00)").next(ORIGIN, ORIGIN, paris))
                .hasValue(Instant.parse("2026-03-02T11:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rate(1 minutes)", "rate(5 minute)", "rate(0 minutes)", "rate(-1 minutes)",
        "rate(5 seconds)", "rate(5minutes)", "rate(1.5 hours)", "cron(0 10 * * *)", "cron(0 10 * * * *)",
        "cron(0 10 ? * ? *)", "cron(60 10 * * ? *)", "cron(0 24 * * ? *)", "cron(0 0 32 * ? *)",
        "cron(0 0 1 13 ? *)", "cron(0 0 ? * 8 *)", "cron(0 0 * * ? 2200)", "cron(0 0 ? * 3#1,6#3 *)",
        "cron(0 0 ? * 3#6 *)", "cron(0 0 10-5 * ? *)", "cron(0 0 LW * ? *)", "cron(0 0 ? * MON-XYZ *)",
        "cron(0/0 * * * ? *)", "every 5 minutes", "", "at(2026-13-01T00:00:00)", "at(2026-03-02 12:00)"})
    void whatEventBridgeRefuses_isRefused(String expression) {
        assertThatThrownBy(() -> ScheduleExpression.parse(expression))
                .isInstanceOf(ScheduleExpressionException.class).hasMessageContaining(expression);
    }

    @Property(tries = 300)
    void rate_isValidExactlyWhenItsUnitAgreesWithItsValue(@ForAll @LongRange(min = 0, max = 100_000) long value,
                                                          @ForAll("units") String unit) {
        String text = "rate(" + value + " " + unit + ")";
        boolean valid = value >= 1 && (value == 1) == !unit.endsWith("s");
        if (valid) {
            ScheduleExpression.Rate rate = (ScheduleExpression.Rate) ScheduleExpression.parse(text);
            Duration one = unit.startsWith("minute") ? Duration.ofMinutes(1) : unit.startsWith("hour")
                    ? Duration.ofHours(1) : Duration.ofDays(1);
            assertThat(rate.period()).isEqualTo(one.multipliedBy(value));
        } else {
            assertThatThrownBy(() -> ScheduleExpression.parse(text)).isInstanceOf(ScheduleExpressionException.class);
        }
    }

    @Property(tries = 300)
    void rate_firesOnItsGridFromTheOrigin_justAfterTheStart(@ForAll @IntRange(min = 1, max = 500) int minutes,
                                                           @ForAll @LongRange(min = 0, max = 10_000_000) long after) {
        ScheduleExpression rate = ScheduleExpression.parse("rate(" + minutes + (minutes == 1 ? " minute)"
                : " minutes)"));
        Instant start = ORIGIN.plusSeconds(after);
        Instant next = rate.next(start, ORIGIN, ZoneOffset.UTC).orElseThrow();
        long period = minutes * 60L;
        assertThat(next).isAfter(start);
        assertThat(Duration.between(ORIGIN, next).getSeconds() % period).isZero();
        assertThat(next.minusSeconds(period)).isBeforeOrEqualTo(start);
    }

    @Property(tries = 1000)
    void anyText_isParsedOrRefusedAsAScheduleExpression_neverAnotherFailure(@ForAll("texts") String text) {
        try {
            ScheduleExpression parsed = ScheduleExpression.parse(text);
            parsed.next(ORIGIN, ORIGIN, ZoneOffset.UTC);
        } catch (ScheduleExpressionException e) {
            assertThat(e).hasMessageContaining(text);
        }
    }

    @Provide
    Arbitrary<String> units() {
        return Arbitraries.of("minute", "minutes", "hour", "hours", "day", "days");
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> token = Arbitraries.of("*", "?", "L", "W", "#", "/", "-", ",", "0", "1", "5", "7", "12",
                "31", "59", "60", "99", "2199", "MON", "jan", "FRI", "3#2", "6L", "15W", "0/5", "1-5", "x");
        Arbitrary<String> cron = token.list().ofMinSize(1).ofMaxSize(8).map(t -> "cron(" + String.join(" ", t)
                + ")");
        Arbitrary<String> rate = Arbitraries.strings().withChars("0123456789 minutesdayhour").ofMaxLength(14)
                .map(t -> "rate(" + t + ")");
        return Arbitraries.oneOf(cron, rate, Arbitraries.strings().ofMaxLength(30));
    }
}
