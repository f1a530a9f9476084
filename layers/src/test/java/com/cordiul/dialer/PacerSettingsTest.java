package com.cordiul.dialer;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.chime.ThrottleRetry;
import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class PacerSettingsTest {

    private static final ThrottleRetry.Sleeper NEVER = d -> {
        throw new AssertionError("not called");
    };

    @Test
    void chimesDefaultQuota_spacesDials1025MsApart_andRetriesAThrottleEvery20MsFor200Ms() {
        PacerSettings settings = PacerSettings.of(1, 10);
        ThrottleRetry retry = settings.throttleRetry(NEVER);

        assertThat(settings.intervalMs()).isEqualTo(1025);
        assertThat(settings.marginMs()).isEqualTo(25);
        assertThat(retry.maxAttempts()).isEqualTo(11);
        assertThat(retry.delayBeforeRetry().apply(1)).isEqualTo(Duration.ofMillis(20));
        assertThat(retry.delayBeforeRetry().apply(10)).isEqualTo(Duration.ofMillis(20));
    }

    /**
     * Whatever the quota: each pause is shorter than the margin where there is one to be shorter than (so a chain of
     * late dials shrinks with every dial), and the pauses together stay within a fifth of the interval (so a retry
     * never reaches the next slot).
     */
    @Property
    void theRetriesWithinASlot_pauseLessThanTheMargin_andEndLongBeforeTheNextSlot(
            @ForAll @DoubleRange(min = 0.05, max = 500) double callsPerSecond) {
        PacerSettings settings = PacerSettings.of(callsPerSecond, 10);
        ThrottleRetry retry = settings.throttleRetry(NEVER);

        long paused = 0;
        for (int n = 1; n < retry.maxAttempts(); n++) {
            long pause = retry.delayBeforeRetry().apply(n).toMillis();
            assertThat(pause).isPositive();
            if (settings.marginMs() >= 2) {
                assertThat(pause).isLessThan(settings.marginMs());
            }
            paused += pause;
        }
        assertThat(paused).isLessThanOrEqualTo(settings.intervalMs() / 5);
        assertThat(settings.marginMs()).isLessThan(settings.intervalMs());
    }
}
