package com.cordiul.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class SortableIdTest {

    private static final long MAX = SortableId.MAX_MILLIS;

    @Property
    void everyId_hasFixedLength_andOnlyCrockfordCharacters(@ForAll @LongRange(min = 0, max = MAX) long millis,
                                                           @ForAll long seed) {
        String id = generator(millis, seed).next();
        assertThat(id).hasSize(26);
        assertThat(id.chars()).allMatch(c -> SortableId.ALPHABET.indexOf(c) >= 0);
        assertThat(SortableId.isValid(id)).isTrue();
        assertThat(SortableId.instantOf(id)).isEqualTo(Instant.ofEpochMilli(millis));
    }

    @Property
    void idsOfLaterMilliseconds_sortAfter_whateverTheirRandomness(
            @ForAll @LongRange(min = 0, max = MAX - 1) long earlier, @ForAll @LongRange(min = 1, max = MAX) long gap,
            @ForAll long seedA, @ForAll long seedB) {
        long later = Math.min(MAX, earlier + gap);
        String first = generator(earlier, seedA).next();
        String second = generator(later, seedB).next();
        assertThat(first).isLessThan(second);
    }

    @Property
    void oneGenerator_isStrictlyIncreasing_withinAndAcrossMilliseconds(@ForAll long seed,
                                                                      @ForAll @IntRange(min = 1, max = 50) int steps) {
        MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
        SortableId ids = new SortableId(clock, new Random(seed));
        List<String> made = new ArrayList<>();
        Random pace = new Random(seed);
        for (int i = 0; i < steps; i++) {
            made.add(ids.next());
            if (pace.nextBoolean()) {
                clock.advance(Duration.ofMillis(1));
            }
        }
        assertThat(made).isSorted().doesNotHaveDuplicates();
    }

    @Property
    void lowestAndHighest_boundEveryIdOfTheirInstant(@ForAll @LongRange(min = 0, max = MAX) long millis,
                                                     @ForAll long seed) {
        Instant at = Instant.ofEpochMilli(millis);
        String id = generator(millis, seed).next();
        assertThat(SortableId.lowest(at)).isLessThanOrEqualTo(id);
        assertThat(SortableId.highest(at)).isGreaterThanOrEqualTo(id);
        if (millis > 0) {
            assertThat(SortableId.highest(at.minusMillis(1))).isLessThan(id);
        }
        if (millis < MAX) {
            assertThat(SortableId.lowest(at.plusMillis(1))).isGreaterThan(id);
        }
    }

    @Test
    void sameMillisecond_incrementsTheRandomPart() {
        MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));
        SortableId ids = new SortableId(clock, new Random(7));
        String first = ids.next();
        String second = ids.next();
        assertThat(second.substring(0, 10)).isEqualTo(first.substring(0, 10));
        assertThat(second).isGreaterThan(first);
    }

    @Test
    void boundsOfAnInstant_areTheExtremesOfTheRandomPart() {
        Instant at = Instant.parse("2024-01-09T20:00:00Z");
        assertThat(SortableId.lowest(at)).endsWith("0".repeat(16)).hasSize(26);
        assertThat(SortableId.highest(at)).endsWith("Z".repeat(16)).hasSize(26);
        assertThat(SortableId.instantOf(SortableId.highest(at))).isEqualTo(at);
    }

    @Test
    void malformedIds_areNotValid() {
        assertThat(SortableId.isValid(null)).isFalse();
        assertThat(SortableId.isValid("01HZX")).isFalse();
        assertThat(SortableId.isValid("01HZXW2K3M4N5P6Q7R8S9TVWXU")).isFalse(); // U is not Crockford
        assertThat(SortableId.isValid("81HZXW2K3M4N5P6Q7R8S9TVWXY")).isFalse(); // timestamp beyond 48 bits
        assertThat(SortableId.isValid("01hzxw2k3m4n5p6q7r8s9tvwxy")).isFalse();
    }

    @Test
    void instantsOutsideTheTimestampRange_areRefused() {
        assertThatThrownBy(() -> SortableId.lowest(Instant.ofEpochMilli(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        SortableId beforeEpoch = new SortableId(new MutableClock(Instant.ofEpochMilli(-5)), new Random(1));
        assertThatThrownBy(beforeEpoch::next).isInstanceOf(IllegalStateException.class);
    }

    private static SortableId generator(long millis, long seed) {
        return new SortableId(new MutableClock(Instant.ofEpochMilli(millis)), new Random(seed));
    }
}
