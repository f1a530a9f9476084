package com.cordiul.calls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class CallStatusMachineTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private final CallStatusMachine machine = new CallStatusMachine();

    private static CallRecord fresh() {
        return CallRecord.initiating("owner-1", "call_1", "contact_1", "+12025550100", "+12025550199", null, T0);
    }

    private CallRecord run(List<CallEvent> events) {
        CallRecord record = fresh();
        for (CallEvent e : events) {
            record = machine.apply(record, e);
        }
        return record;
    }

    @Test
    void answeredThenHungUp_isCompleted_withTalkTimeFromAnswerToHangup() {
        CallRecord r = run(List.of(CallEvent.queued(T0.plusSeconds(1)), CallEvent.ringing(T0.plusSeconds(2)),
                CallEvent.answered(T0.plusSeconds(5)), CallEvent.hangup(T0.plusMillis(47_900), 0)));
        assertThat(r.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(r.durationSeconds()).isEqualTo(42L);
        assertThat(r.endedAt()).isEqualTo(T0.plusMillis(47_900));
        assertThat(r.reason()).isNull();
    }

    @Test
    void hangupBeforeAnswer_mapsSipCodeToOutcome() {
        assertThat(run(List.of(CallEvent.ringing(T0), CallEvent.hangup(T0, 486))).status())
                .isEqualTo(CallStatus.BUSY);
        assertThat(run(List.of(CallEvent.ringing(T0), CallEvent.hangup(T0, 480))).status())
                .isEqualTo(CallStatus.NO_ANSWER);
        assertThat(run(List.of(CallEvent.ringing(T0), CallEvent.hangup(T0, 487))).status())
                .isEqualTo(CallStatus.CANCELED);
        CallRecord failed = run(List.of(CallEvent.queued(T0), CallEvent.hangup(T0, 503)));
        assertThat(failed.status()).isEqualTo(CallStatus.FAILED);
        assertThat(failed.reason()).contains("503");
        assertThat(failed.durationSeconds()).isZero();
    }

    @Test
    void rejectedDial_isFailedWithItsReason() {
        CallRecord r = run(List.of(CallEvent.dialRejected(T0, "The destination cannot be dialed.")));
        assertThat(r.status()).isEqualTo(CallStatus.FAILED);
        assertThat(r.reason()).isEqualTo("The destination cannot be dialed.");
    }

    @Test
    void duplicateEvent_returnsSameInstance_soNothingIsWritten() {
        CallRecord once = run(List.of(CallEvent.queued(T0)));
        assertThat(machine.apply(once, CallEvent.queued(T0.plusSeconds(5)))).isSameAs(once);
    }

    @Test
    void lateRingingAfterAnswer_neverMovesBackwards() {
        CallRecord answered = run(List.of(CallEvent.answered(T0.plusSeconds(3))));
        CallRecord after = machine.apply(answered, CallEvent.ringing(T0.plusSeconds(9)));
        assertThat(after.status()).isEqualTo(CallStatus.IN_PROGRESS);
    }

    @Property(tries = 300)
    void anyOrderAndDuplication_endsInTheInOrderRecord_andRankNeverDecreases(
            @ForAll("scripts") List<CallEvent> inOrder, @ForAll("shuffles") List<Integer> picks) {
        // Deliver events in an order and multiplicity chosen by `picks`, then make sure each was delivered.
        List<CallEvent> delivered = new ArrayList<>();
        for (int p : picks) {
            delivered.add(inOrder.get(Math.floorMod(p, inOrder.size())));
        }
        delivered.addAll(inOrder);
        CallRecord record = fresh();
        int rank = 0;
        boolean terminal = false;
        for (CallEvent e : delivered) {
            record = machine.apply(record, e);
            assertThat(record.status().rank()).isGreaterThanOrEqualTo(rank);
            if (terminal) {
                assertThat(record.status().isTerminal()).isTrue();
            }
            rank = record.status().rank();
            terminal = record.status().isTerminal();
        }
        assertThat(record).isEqualTo(run(inOrder));
    }

    @Provide
    Arbitrary<List<Integer>> shuffles() {
        return Arbitraries.integers().between(0, 100).list().ofMaxSize(20);
    }

    @Provide
    Arbitrary<List<CallEvent>> scripts() {
        Arbitrary<Integer> outcome = Arbitraries.of(0, 486, 480, 487, 500, -1);
        Arbitrary<Boolean> answered = Arbitraries.of(true, false);
        Arbitrary<Integer> talk = Arbitraries.integers().between(0, 3_600_000);
        return Combinators.combine(outcome, answered, talk).as((code, answer, talkMs) -> {
            List<CallEvent> events = new ArrayList<>();
            events.add(CallEvent.dialAccepted(T0, "tx-1"));
            events.add(CallEvent.queued(T0.plusMillis(100)));
            events.add(CallEvent.ringing(T0.plusMillis(900)));
            if (answer) {
                events.add(CallEvent.answered(T0.plusMillis(4_000)));
            }
            if (code >= 0) {
                events.add(CallEvent.hangup(T0.plusMillis(4_000L + talkMs), code));
            }
            return events;
        });
    }
}
