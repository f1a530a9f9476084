package com.cordiul.calls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class CallIdsTest {

    private static final long MAX = (1L << 48) - 1;

    @Property
    void ids_areWellFormed_andCarryTheirCreationMillisecond(@ForAll @LongRange(min = 0, max = MAX) long millis,
                                                            @ForAll long seed) {
        String id = CallIds.next(Instant.ofEpochMilli(millis), new Random(seed));
        assertThat(id).hasSize(31).startsWith("call_");
        assertThat(CallIds.isWellFormed(id)).isTrue();
        assertThat(CallIds.instantOf(id)).isEqualTo(Instant.ofEpochMilli(millis));
        assertThat(id).isBetween(CallIds.lowest(Instant.ofEpochMilli(millis)),
                CallIds.highest(Instant.ofEpochMilli(millis)));
    }

    @Property
    void ids_sortAsTextInCreationOrder(@ForAll @LongRange(min = 0, max = MAX) long a,
                                       @ForAll @LongRange(min = 0, max = MAX) long b, @ForAll long seed) {
        Random random = new Random(seed);
        String first = CallIds.next(Instant.ofEpochMilli(a), random);
        String second = CallIds.next(Instant.ofEpochMilli(b), random);
        if (a < b) {
            assertThat(first).isLessThan(second);
        } else if (a > b) {
            assertThat(first).isGreaterThan(second);
        }
    }

    @Property
    void predecessor_boundsExactlyTheIdsBelow(@ForAll @LongRange(min = 0, max = MAX) long millis,
                                              @ForAll @LongRange(min = 0, max = MAX) long otherMillis,
                                              @ForAll long seed) {
        Random random = new Random(seed);
        String id = CallIds.next(Instant.ofEpochMilli(millis), random);
        String other = random.nextBoolean() ? CallIds.next(Instant.ofEpochMilli(otherMillis), random)
                : CallIds.predecessor(id).orElse(id);
        CallIds.predecessor(id).ifPresentOrElse(before -> {
            assertThat(CallIds.isWellFormed(before)).isTrue();
            // "other < id" and "other <= predecessor(id)" agree for every well-formed id.
            assertThat(other.compareTo(id) < 0).isEqualTo(other.compareTo(before) <= 0);
        }, () -> assertThat(id).isEqualTo(CallIds.lowest(Instant.EPOCH)));
    }

    @Property
    void malformedIds_areRecognised(@ForAll String text) {
        if (!text.matches("call_[0-7][0-9A-HJKMNP-TV-Z]{25}")) {
            assertThat(CallIds.isWellFormed(text)).isFalse();
        }
    }
}
