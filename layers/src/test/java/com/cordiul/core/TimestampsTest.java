package com.cordiul.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    @Test
    void format_alwaysHasThreeFractionDigits_soStringsCompareLikeInstants() {
        assertThat(Timestamps.format(Instant.parse("2024-01-09T20:00:00Z"))).isEqualTo("2024-01-09T20:00:00.000Z");
        assertThat(Timestamps.format(Instant.parse("2024-01-09T20:00:00.123456Z")))
                .isEqualTo("2024-01-09T20:00:00.123Z");
        assertThat(Timestamps.format(Instant.parse("2024-01-09T20:00:00.5Z")))
                .isLessThan(Timestamps.format(Instant.parse("2024-01-09T20:00:01Z")));
    }

    @Test
    void parse_readsWhatFormatWrites() {
        Instant at = Instant.parse("2030-12-31T23:59:59.999Z");
        assertThat(Timestamps.parse(Timestamps.format(at))).isEqualTo(at);
    }
}
