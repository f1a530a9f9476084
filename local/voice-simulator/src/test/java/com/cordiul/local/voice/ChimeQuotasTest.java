package com.cordiul.local.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.CreateSipMediaApplicationCallRequest;
import software.amazon.awssdk.services.chimesdkvoice.model.ResourceLimitExceededException;
import software.amazon.awssdk.services.chimesdkvoice.model.ThrottledClientException;

/** The quotas out of the box, through the real SDK client, on a clock the test moves (no test waits). */
class ChimeQuotasTest {

    private static final String FROM = "+12025550199";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
    private VoiceSimulator simulator;
    private ChimeSdkVoiceClient chime;
    private String sma;

    private void start(ChimeQuotas quotas) {
        simulator = new VoiceSimulator().withClock(clock).withQuotas(quotas).start(0);
        sma = VoiceSimulatorTest.callsApplication(simulator);
        chime = VoiceSimulatorTest.client(simulator, Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        if (simulator != null) {
            chime.close();
            simulator.close();
        }
    }

    private String dial(String callId, String to) {
        return chime.createSipMediaApplicationCall(CreateSipMediaApplicationCallRequest.builder()
                .sipMediaApplicationId(sma).fromPhoneNumber(FROM).toPhoneNumber(to)
                .argumentsMap(Map.of("call_id", callId)).build()).sipMediaApplicationCall().transactionId();
    }

    @Test
    void byDefault_theQuotasAreChimes() {
        assertThat(new VoiceSimulator().quotas()).isEqualTo(new ChimeQuotas(1, 1, 10, 5, 5, true));
    }

    @Test
    void secondDialWithinASecond_isThrottled_andPlacesNothing_untilTheSecondIsOver() {
        start(ChimeQuotas.chimeDefaults());
        dial("call_1", "+12025550123");
        clock.advance(Duration.ofMillis(999));
        assertThatThrownBy(() -> dial("call_2", "+12025550124")).isInstanceOfSatisfying(
                ThrottledClientException.class, e -> assertThat(e.statusCode()).isEqualTo(429));
        clock.advance(Duration.ofMillis(1));
        dial("call_3", "+12025550125");

        DialStats stats = simulator.stats();
        assertThat(stats.placed()).isEqualTo(2);
        assertThat(stats.throttledDials()).isEqualTo(1);
        assertThat(stats.placedFor("call_2")).isZero();
        assertThat(stats.maxPlacedInAnySecond()).isEqualTo(1);
        assertThat(simulator.attempts("+12025550124")).isEqualTo(1);
    }

    @Test
    void aDialIsTimedWhenItTookItsToken_soOneDelayedAfterItNeverPutsTwoInASecond() {
        StallingClock stalling = new StallingClock(clock, Duration.ofMillis(400));
        simulator = new VoiceSimulator().withClock(stalling).start(0);
        sma = VoiceSimulatorTest.callsApplication(simulator);
        chime = VoiceSimulatorTest.client(simulator, Duration.ofSeconds(10));
        stalling.stallAfterNextRead();
        dial("call_1", "+12025550123");
        stalling.resume();
        clock.advance(Duration.ofSeconds(1));
        dial("call_2", "+12025550124");

        assertThat(simulator.stats().placed()).isEqualTo(2);
        assertThat(simulator.stats().maxPlacedInAnySecond()).isEqualTo(1);
    }

    @Test
    void dialsAtChimesPace_areAllAccepted_neverTwoInAnySecond() {
        start(ChimeQuotas.chimeDefaults().withMaxActiveCalls(100));
        for (int i = 0; i < 30; i++) {
            dial("call_" + i, "+12025550123");
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(simulator.stats().placed()).isEqualTo(30);
        assertThat(simulator.maxDialsInAnyWindow(Duration.ofSeconds(1))).isEqualTo(1);
        assertThat(simulator.maxDialsInAnyWindow(Duration.ofSeconds(10))).isEqualTo(10);
    }

    @Test
    void eleventhActiveCall_isRefusedWithResourceLimitExceeded_untilOneOfTheTenEnds() {
        start(ChimeQuotas.chimeDefaults());
        List<String> placed = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            placed.add(dial("call_" + i, "+12025550123"));
            clock.advance(Duration.ofSeconds(1));
        }
        assertThatThrownBy(() -> dial("call_10", "+12025550123")).isInstanceOfSatisfying(
                ResourceLimitExceededException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
        clock.advance(Duration.ofSeconds(1));

        assertThat(simulator.callEnded(placed.get(0))).isTrue();
        assertThat(simulator.callEnded(placed.get(0))).isFalse();
        dial("call_11", "+12025550123");

        DialStats stats = simulator.stats();
        assertThat(stats.activeCalls()).isEqualTo(10);
        assertThat(stats.peakActiveCalls()).isEqualTo(10);
        assertThat(stats.refusedAtCapacity()).isEqualTo(1);
        assertThat(stats.placedFor("call_10")).isZero();
        assertThat(simulator.accepted()).hasSize(11);
    }

    @Test
    void aCallPlacedThenAnsweredWithAnError_countsAsActive_andAMagicRefusalDoesNot() {
        start(ChimeQuotas.chimeDefaults());
        assertThatThrownBy(() -> dial("call_1", "+12025550114")).isNotInstanceOf(ThrottledClientException.class);
        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> dial("call_2", "+12025550110")).isNotInstanceOf(ThrottledClientException.class);
        assertThat(simulator.stats().placedFor("call_1")).isEqualTo(1);
        assertThat(simulator.stats().placedFor("call_2")).isZero();
        assertThat(simulator.activeCalls()).isEqualTo(1);
    }

    @Test
    void rateBurstAndActiveLimit_areConfigurable() {
        start(ChimeQuotas.chimeDefaults().withDialsPerSecond(2).withDialBurst(3).withMaxActiveCalls(4));
        dial("call_1", "+12025550123");
        dial("call_2", "+12025550123");
        dial("call_3", "+12025550123");
        assertThatThrownBy(() -> dial("call_4", "+12025550123")).isInstanceOf(ThrottledClientException.class);
        clock.advance(Duration.ofMillis(500));
        dial("call_5", "+12025550123");
        clock.advance(Duration.ofMillis(500));
        assertThatThrownBy(() -> dial("call_6", "+12025550123")).isInstanceOf(ResourceLimitExceededException.class);
        assertThat(simulator.stats().maxPlacedInAnySecond()).isEqualTo(4);
    }

    @Test
    void quotasOff_refuseNothing_butEverythingIsCounted() {
        start(ChimeQuotas.off());
        for (int i = 0; i < 25; i++) {
            dial("call_" + (i % 5), "+1202555" + String.format("%04d", 200 + i % 2));
        }
        DialStats stats = simulator.stats();
        assertThat(stats.placed()).isEqualTo(25);
        assertThat(stats.maxPlacedInAnySecond()).isEqualTo(25);
        assertThat(stats.peakActiveCalls()).isEqualTo(25);
        assertThat(stats.placedByCallId()).containsOnlyKeys("call_0", "call_1", "call_2", "call_3", "call_4")
                .containsValues(5);
        assertThat(stats.placedTo("+12025550200")).isEqualTo(13);
        assertThat(stats.placedTo("+12025550201")).isEqualTo(12);
        assertThat(stats.throttledDials()).isZero();
    }

    @Test
    void reset_forgetsTheHistory_butNotTheCallsStillActive() {
        start(ChimeQuotas.chimeDefaults());
        String first = dial("call_1", "+12025550123");
        clock.advance(Duration.ofSeconds(1));
        dial("call_2", "+12025550123");
        simulator.callEnded(first);
        simulator.reset();
        DialStats stats = simulator.stats();
        assertThat(stats.placed()).isZero();
        assertThat(stats.activeCalls()).isEqualTo(1);
        assertThat(stats.peakActiveCalls()).isEqualTo(1);
    }

    @Test
    void quotas_refuseNonsense() {
        assertThatThrownBy(() -> ChimeQuotas.chimeDefaults().withDialsPerSecond(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChimeQuotas.chimeDefaults().withMaxActiveCalls(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChimeQuotas.chimeDefaults().withDialBurst(0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The base clock, except that once armed it is read once at the base time and then {@code stall} later until
     * resumed: the thread that took a dial's token, descheduled before it records the dial.
     */
    private static final class StallingClock extends Clock {

        private final MutableClock base;
        private final Duration stall;
        private final AtomicInteger state = new AtomicInteger(NORMAL);
        private static final int NORMAL = 0;
        private static final int ARMED = 1;
        private static final int STALLED = 2;

        StallingClock(MutableClock base, Duration stall) {
            this.base = base;
            this.stall = stall;
        }

        void stallAfterNextRead() {
            state.set(ARMED);
        }

        void resume() {
            state.set(NORMAL);
        }

        @Override
        public Instant instant() {
            if (state.compareAndSet(ARMED, STALLED)) {
                return base.instant();
            }
            return state.get() == STALLED ? base.instant().plus(stall) : base.instant();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("The test's clock has one zone");
        }
    }
}
