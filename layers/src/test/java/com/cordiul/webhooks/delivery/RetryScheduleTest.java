package com.cordiul.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    @Test
    void retryWaits_addUpToMoreThan24Hours_evenBeforeJitter_andJitterOnlyLengthensThem() {
        RetrySchedule schedule = RetrySchedule.standard(new java.util.Random(7));
        java.time.Duration total = java.time.Duration.ZERO;
        for (int attempt = 1; attempt < RetrySchedule.MAX_ATTEMPTS; attempt++) {
            java.time.Duration wait = schedule.waitAfter(attempt);
            java.time.Duration base = RetrySchedule.WAITS.get(attempt - 1);
            assertThat(wait).isBetween(base, base.plusMillis((long) (base.toMillis() * RetrySchedule.JITTER)));
            total = total.plus(wait);
        }
        assertThat(total).isGreaterThan(java.time.Duration.ofHours(24));
        assertThat(RetrySchedule.WAITS.stream().reduce(java.time.Duration.ZERO, java.time.Duration::plus))
                .isEqualTo(java.time.Duration.ofHours(27).plusMinutes(35).plusSeconds(5));
        assertThat(schedule.circuitOpenFor(1)).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(schedule.circuitOpenFor(99)).isEqualTo(java.time.Duration.ofHours(1));
    }
}
