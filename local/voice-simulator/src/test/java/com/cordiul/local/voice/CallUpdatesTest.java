package com.cordiul.local.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.local.voice.playout.CallPlayout;
import com.cordiul.local.voice.playout.PlayoutTiming;
import com.cordiul.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.BadRequestException;
import software.amazon.awssdk.services.chimesdkvoice.model.NotFoundException;
import software.amazon.awssdk.services.chimesdkvoice.model.ThrottledClientException;

/** UpdateSipMediaApplicationCall on the wire, through the real SDK client. */
class CallUpdatesTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
    private final List<Map<String, String>> heard = new CopyOnWriteArrayList<>();
    private VoiceSimulator simulator;
    private ChimeSdkVoiceClient chime;
    private String sma;

    @BeforeEach
    void start() {
        simulator = new VoiceSimulator().withClock(clock).start(0);
        sma = VoiceSimulatorTest.callsApplication(simulator);
        simulator.addListener(new DialListener() {
            @Override
            public void dialed(AcceptedDial dial) {
                // The playout would start the call here; these tests only listen for updates.
            }

            @Override
            public void updateRequested(AcceptedDial call, Map<String, String> arguments) {
                heard.add(Map.of("transaction", call.transactionId(), "arguments", arguments.toString()));
            }
        });
        chime = VoiceSimulatorTest.client(simulator, Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        chime.close();
        simulator.close();
    }

    private String dial() {
        String tx = chime.createSipMediaApplicationCall(b -> b.sipMediaApplicationId(sma)
                .fromPhoneNumber("+12025550199").toPhoneNumber("+12025550123")).sipMediaApplicationCall()
                .transactionId();
        clock.advance(Duration.ofSeconds(1));
        return tx;
    }

    private String update(String sma, String tx, Map<String, String> arguments) {
        return chime.updateSipMediaApplicationCall(b -> b.sipMediaApplicationId(sma).transactionId(tx)
                .arguments(arguments)).sipMediaApplicationCall().transactionId();
    }

    @Test
    void updateOfAnActiveCall_isAccepted_andHandedToTheListeners() {
        String tx = dial();
        assertThat(update(sma, tx, Map.of("cordiul_action", "hangup"))).isEqualTo(tx);
        assertThat(update(sma, tx, Map.of())).isEqualTo(tx);
        assertThat(heard).containsExactly(Map.of("transaction", tx, "arguments", "{cordiul_action=hangup}"),
                Map.of("transaction", tx, "arguments", "{}"));
        assertThat(simulator.received()).extracting(ReceivedRequest::path)
                .contains("/sip-media-applications/" + sma + "/calls/" + tx);
    }

    @Test
    void updateAnswers202_onTheWire() {
        String tx = dial();
        assertThat(chime.updateSipMediaApplicationCall(b -> b.sipMediaApplicationId(sma).transactionId(tx)
                .arguments(Map.of())).sdkHttpResponse().statusCode()).isEqualTo(202);
    }

    @Test
    void unknownEndedOrForeignTransaction_isNotFound_andNothingIsHeard() {
        String tx = dial();
        assertThatThrownBy(() -> update(sma, "00000000-0000-0000-0000-000000000000", Map.of()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
        assertThatThrownBy(() -> update("sma-other", tx, Map.of())).isInstanceOf(NotFoundException.class);
        simulator.callEnded(tx);
        assertThatThrownBy(() -> update(sma, tx, Map.of())).isInstanceOf(NotFoundException.class);
        assertThat(heard).isEmpty();
    }

    @Test
    void moreThanTwentyArguments_orNone_isABadRequest() {
        String tx = dial();
        Map<String, String> tooMany = IntStream.range(0, 21).boxed()
                .collect(Collectors.toMap(i -> "k" + i, i -> "v"));
        assertThatThrownBy(() -> update(sma, tx, tooMany)).isInstanceOf(BadRequestException.class);
        assertThat(Unsigned.post(simulator.endpoint().resolve("/sip-media-applications/sma-1/calls/" + tx), "{}",
                VoiceSimulatorTest.SIGNED)).isEqualTo(400);
        assertThat(Unsigned.post(simulator.endpoint().resolve("/sip-media-applications/sma-1/calls/" + tx),
                "{\"Arguments\":{\"n\":1}}", VoiceSimulatorTest.SIGNED)).isEqualTo(400);
        assertThat(heard).isEmpty();
    }

    @Test
    void withThePlayout_aCallStopsCountingWhenItEnds_andItsUpdatesAreThen404s() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        CallPlayout playout = new CallPlayout(event -> {
            events.add(event.replaceAll(".*\"InvocationEventType\":\"([A-Z_]+)\".*", "$1"));
            return "{\"SchemaVersion\":\"1.0\",\"Actions\":[]}";
            // Calls played fast, but Chime's patience with the function kept real: a loaded machine's pause must not
            // turn into a resent event.
        }, PlayoutTiming.scaled(0.01).withInvocationLimits(Duration.ofSeconds(5), Duration.ofSeconds(20)))
                .onCallEnded(simulator::callEnded);
        simulator.addListener(playout);
        try (playout) {
            String tx = chime.createSipMediaApplicationCall(b -> b.sipMediaApplicationId(sma)
                    .fromPhoneNumber("+12025550199").toPhoneNumber("+12025550101")).sipMediaApplicationCall()
                    .transactionId();
            assertThat(playout.awaitFinished(tx, Duration.ofSeconds(20))).isTrue();
            assertThat(events).containsExactly("NEW_OUTBOUND_CALL", "RINGING", "HANGUP");
            assertThat(simulator.activeCalls()).isZero();
            assertThat(simulator.peakActiveCalls()).isEqualTo(1);
            assertThatThrownBy(() -> update(sma, tx, Map.of())).isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void sixthUpdateWithinASecond_isThrottled_andTheNextSecondAcceptsAgain() {
        String tx = dial();
        for (int i = 0; i < 5; i++) {
            update(sma, tx, Map.of("n", Integer.toString(i)));
        }
        assertThatThrownBy(() -> update(sma, tx, Map.of("n", "5")))
                .isInstanceOfSatisfying(ThrottledClientException.class, e -> assertThat(e.statusCode())
                        .isEqualTo(429));
        clock.advance(Duration.ofMillis(200));
        update(sma, tx, Map.of("n", "6"));
        assertThat(heard).hasSize(6);
        assertThat(simulator.stats().throttledUpdates()).isEqualTo(1);
    }
}
