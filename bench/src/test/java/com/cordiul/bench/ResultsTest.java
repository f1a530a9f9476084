package com.cordiul.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.bench.analysis.OwnTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultsTest {

    @Test
    void percentile_isTheNearestRank() {
        double[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

        assertThat(Results.percentile(sorted, 50)).isEqualTo(5);
        assertThat(Results.percentile(sorted, 99)).isEqualTo(10);
        assertThat(Results.percentile(sorted, 10)).isEqualTo(1);
        assertThat(Results.percentile(sorted, 0)).isEqualTo(1);
        assertThat(Results.percentile(sorted, 100)).isEqualTo(10);
    }

    @Test
    void p99OfAHundredValues_isTheSecondLargest() {
        double[] sorted = new double[100];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = i + 1;
        }

        assertThat(Results.percentile(sorted, 99)).isEqualTo(99);
    }

    @Test
    void percentileOfNothing_isNaN() {
        assertThat(Results.percentile(new double[0], 50)).isNaN();
    }

    @Test
    void median_ofAnEvenCount_isTheMeanOfTheMiddleTwo() {
        assertThat(Results.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(Results.median(new double[] {3, 1, 2})).isEqualTo(2);
    }

    @Test
    void timing_sortsEachSeriesOnItsOwn_inMilliseconds() {
        Results.Timing timing = Results.Timing.of(List.of(new OwnTime.Split(5_000_000, 1_000_000, 1),
                new OwnTime.Split(3_000_000, 2_500_000, 2), new OwnTime.Split(9_000_000, 4_000_000, 3)), 1);

        assertThat(timing.latencyMs()).containsExactly(3, 5, 9);
        assertThat(timing.wireMs()).containsExactly(1, 2.5, 4);
        assertThat(timing.ownMs()).containsExactly(0.5, 4, 5);
        assertThat(timing.attemptsPerInvocation()).isEqualTo(2);
        assertThat(timing.unattributed()).isEqualTo(1);
        assertThat(timing.measured()).isTrue();
        assertThat(Results.Timing.NONE.measured()).isFalse();
    }
}
