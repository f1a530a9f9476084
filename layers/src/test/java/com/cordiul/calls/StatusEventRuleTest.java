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

/**
 * The statuses a call takes, whatever order Chime's facts arrive in: the store's fold (apply a fact, write when it
 * changed something, emit an event when the write changed the status) played over every order and duplication.
 */
class StatusEventRuleTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private final CallStatusMachine machine = new CallStatusMachine();

    /** An emitted event: its sequence and the status it shows. */
    private record Emitted(long sequence, CallStatus status) {
    }

    private static CallRecord fresh() {
        return CallRecord.initiating("owner-1", "call_1", "contact_1", "+12025550100", "+12025550199", null, T0);
    }

    /** What the store does: the creation emits sequence 1; each stored write that changes the status one more. */
    private List<Emitted> emitted(List<CallEvent> delivered, List<CallStatus> shown) {
        CallRecord record = fresh();
        long sequence = 1;
        List<Emitted> events = new ArrayList<>(List.of(new Emitted(1, record.status())));
        shown.add(record.status());
        for (CallEvent fact : delivered) {
            CallRecord after = machine.apply(record, fact);
            if (after == record) {
                continue;
            }
            long next = StatusEventRule.next(sequence, record, after);
            if (next != sequence) {
                events.add(new Emitted(next, after.status()));
            }
            sequence = next;
            record = after;
            shown.add(record.status());
        }
        return events;
    }

    @Test
    void inOrderFacts_emitEveryStatusOnce() {
        List<CallEvent> facts = List.of(CallEvent.dialAccepted(T0, "tx-1"), CallEvent.queued(T0.plusSeconds(1)),
                CallEvent.ringing(T0.plusSeconds(2)), CallEvent.answered(T0.plusSeconds(3)),
                CallEvent.hangup(T0.plusSeconds(30), 0));
        assertThat(emitted(facts, new ArrayList<>()).stream().map(Emitted::status)).containsExactly(
                CallStatus.INITIATING, CallStatus.QUEUED, CallStatus.RINGING, CallStatus.IN_PROGRESS,
                CallStatus.COMPLETED);
    }

    @Test
    void hangupBeforeRinging_neverEmitsTheRingingTheCallNeverShowed() {
        List<CallEvent> facts = List.of(CallEvent.queued(T0.plusSeconds(1)), CallEvent.hangup(T0.plusSeconds(9), 486),
                CallEvent.ringing(T0.plusSeconds(2)));
        assertThat(emitted(facts, new ArrayList<>()).stream().map(Emitted::status)).containsExactly(
                CallStatus.INITIATING, CallStatus.QUEUED, CallStatus.BUSY);
    }

    @Test
    void lateAnswer_correctsTheTerminalStatus_andEmitsTheNewOne() {
        List<CallEvent> facts = List.of(CallEvent.hangup(T0.plusSeconds(30), 0), CallEvent.answered(T0.plusSeconds(3)));
        assertThat(emitted(facts, new ArrayList<>())).containsExactly(new Emitted(1, CallStatus.INITIATING),
                new Emitted(2, CallStatus.FAILED), new Emitted(3, CallStatus.COMPLETED));
    }

    @Property(tries = 500)
    void anyOrderAndDuplication_emitsOneEventPerStatusChange_inStrictlyIncreasingSequence(
            @ForAll("scripts") List<CallEvent> inOrder, @ForAll("shuffles") List<Integer> picks) {
        List<CallEvent> delivered = new ArrayList<>();
        for (int p : picks) {
            delivered.add(inOrder.get(Math.floorMod(p, inOrder.size())));
        }
        delivered.addAll(inOrder);
        List<CallStatus> shown = new ArrayList<>();
        List<Emitted> events = emitted(delivered, shown);

        // Exactly one event per change of the status the stored record showed, in the order shown.
        List<CallStatus> changes = new ArrayList<>();
        for (CallStatus status : shown) {
            if (changes.isEmpty() || changes.get(changes.size() - 1) != status) {
                changes.add(status);
            }
        }
        assertThat(events.stream().map(Emitted::status).toList()).isEqualTo(changes);
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).sequence()).isEqualTo(i + 1L);
        }
        assertThat(shown).containsAll(events.stream().map(Emitted::status).toList());
        assertThat(events.get(events.size() - 1).status()).isEqualTo(shown.get(shown.size() - 1));

        // Every fact delivered once more, right after itself (Chime's retry), emits nothing more.
        List<CallEvent> doubled = new ArrayList<>();
        for (CallEvent e : delivered) {
            doubled.add(e);
            doubled.add(e);
        }
        assertThat(emitted(doubled, new ArrayList<>())).isEqualTo(events);
    }

    @Provide
    Arbitrary<List<Integer>> shuffles() {
        return Arbitraries.integers().between(0, 100).list().ofMaxSize(20);
    }

    @Provide
    Arbitrary<List<CallEvent>> scripts() {
        Arbitrary<Integer> outcome = Arbitraries.of(0, 486, 480, 487, 500, -1);
        Arbitrary<Boolean> answered = Arbitraries.of(true, false);
        Arbitrary<Boolean> swept = Arbitraries.of(true, false);
        return Combinators.combine(outcome, answered, swept).as((code, answer, sweep) -> {
            List<CallEvent> events = new ArrayList<>();
            events.add(CallEvent.dialAccepted(T0, "tx-1"));
            events.add(CallEvent.queued(T0.plusMillis(100)));
            events.add(CallEvent.ringing(T0.plusMillis(900)));
            if (answer) {
                events.add(CallEvent.answered(T0.plusMillis(4_000)));
            }
            if (code >= 0) {
                events.add(CallEvent.hangup(T0.plusMillis(34_000), code));
            }
            if (sweep) {
                events.add(CallEvent.swept(T0.plusSeconds(600), "Chime never reported how the call ended."));
            }
            return events;
        });
    }
}
