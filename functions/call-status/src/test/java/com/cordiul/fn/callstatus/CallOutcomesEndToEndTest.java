package com.cordiul.fn.callstatus;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.calls.CallRecord;
import com.cordiul.calls.CallStatus;
import com.cordiul.calls.CallStatusMachine;
import com.cordiul.calls.progress.CallArguments;
import com.cordiul.calls.progress.StaleCallSweeper;
import com.cordiul.calls.progress.SweepSettings;
import com.cordiul.local.voice.AcceptedDial;
import com.cordiul.local.voice.playout.CallPlayout;
import com.cordiul.local.voice.playout.PlayedEvent;
import com.cordiul.local.voice.playout.PlayoutTiming;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Whole calls: a call recorded as the create path records it, played out by the voice simulator against the real
 * handler and store, until the record reaches its final status.
 */
class CallOutcomesEndToEndTest extends CallStatusTestBase {

    /** Chime's own invocation limits in real time: a busy test machine must not look like a dead function. */
    private static final Duration INVOCATION_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration GIVE_UP = Duration.ofSeconds(20);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private CallPlayout playout;

    @AfterEach
    void stopPlayout() {
        if (playout != null) {
            playout.close();
        }
    }

    /** Dials a call at this scale; returns its transaction id. */
    private String dial(String callId, String to, double scale) {
        String tx = UUID.randomUUID().toString();
        seed(callId, tx, to, null, Instant.now());
        playout = new CallPlayout(this::invoke, PlayoutTiming.scaled(scale)
                .withInvocationLimits(INVOCATION_TIMEOUT, GIVE_UP));
        playout.dialed(new AcceptedDial("sma-local", tx, "+12065550100", to, CallArguments.of(OWNER, callId),
                Map.of()));
        return tx;
    }

    /** Polls the store until the call is terminal, or the deadline passes. */
    private CallRecord awaitTerminal(String callId) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        CallRecord call = store.find(OWNER, callId).orElseThrow();
        while (!call.status().isTerminal() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            call = store.find(OWNER, callId).orElseThrow();
        }
        return call;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "+12025550100, completed, true",
        "+14155550123, completed, true",
        "+12025550101, busy,      false",
        "+12025550102, no-answer, false",
        "+12025550103, failed,    false",
    })
    void callToAMagicNumber_endsInItsOutcome(String to, String status, boolean answered) throws Exception {
        String tx = dial("call_e2e", to, 0.01);
        assertThat(playout.awaitFinished(tx, PATIENCE)).isTrue();
        CallRecord call = awaitTerminal("call_e2e");

        assertThat(call.status().value()).isEqualTo(status);
        assertConsistentTimes(call, answered);
        assertThat(playout.events(tx)).extracting(PlayedEvent::result).containsOnly("ok");
        assertThat(playout.events(tx)).extracting(PlayedEvent::attempts).containsOnly(1);
        if (status.equals("failed")) {
            assertThat(call.reason()).contains("503");
        }
    }

    @Test
    void longCall_staysInProgressWhileTheFarEndTalks_thenCompletes() throws Exception {
        String tx = dial("call_long", "+12025550105", 0.0005);
        assertThat(playout.awaitFinished(tx, PATIENCE)).isTrue();
        CallRecord call = awaitTerminal("call_long");
        assertThat(call.status()).isEqualTo(CallStatus.COMPLETED);
        assertConsistentTimes(call, true);
        assertThat(playout.events(tx)).extracting(PlayedEvent::type)
                .containsExactly("NEW_OUTBOUND_CALL", "RINGING", "CALL_ANSWERED", "HANGUP");
    }

    @Test
    void neverConfirmedCall_getsNoEvent_andIsSweptAsFailed() throws Exception {
        String tx = dial("call_silent", "+12025550104", 0.01);
        assertThat(playout.awaitFinished(tx, PATIENCE)).isTrue();
        assertThat(playout.events(tx)).isEmpty();
        assertThat(store.find(OWNER, "call_silent").orElseThrow().status()).isEqualTo(CallStatus.INITIATING);

        Clock later = Clock.fixed(Instant.now().plusSeconds(301), ZoneOffset.UTC);
        new StaleCallSweeper(STORE.client(), store, new CallStatusMachine(), later, new SweepSettings(
                Duration.ofDays(1), Duration.ofSeconds(300), Duration.ofSeconds(300), Duration.ofSeconds(180),
                Duration.ofSeconds(3600), 100, 1000)).sweep();
        CallRecord call = store.find(OWNER, "call_silent").orElseThrow();
        assertThat(call.status()).isEqualTo(CallStatus.FAILED);
        assertThat(call.reason()).isEqualTo("The telephony service never confirmed the call.");
        assertConsistentTimes(call, false);
    }

    private static void assertConsistentTimes(CallRecord call, boolean answered) {
        assertThat(call.endedAt()).isNotNull().isAfterOrEqualTo(call.createdAt());
        assertThat(call.durationSeconds()).isNotNull().isGreaterThanOrEqualTo(0L);
        if (answered) {
            assertThat(call.answeredAt()).isNotNull().isBeforeOrEqualTo(call.endedAt());
            assertThat(call.durationSeconds())
                    .isEqualTo(Duration.between(call.answeredAt(), call.endedAt()).getSeconds());
        } else {
            assertThat(call.answeredAt()).isNull();
            assertThat(call.durationSeconds()).isZero();
        }
    }
}
