package com.cordiul.dialer;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.dialer.PacerDecision.Granted;
import com.cordiul.dialer.PacerDecision.Reason;
import com.cordiul.dialer.PacerDecision.Refused;
import com.cordiul.dialer.PacerState.ActiveCall;
import com.cordiul.dialer.PacerState.OwnerTurn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PacerRuleTest {

    private static final PacerSettings ONE_PER_SECOND = PacerSettings.of(1, 10);
    private static final long T0 = 1_800_000_000_000L;

    @Test
    void anIdlePacer_grantsNow() {
        PacerRule.Outcome outcome = PacerRule.decide(PacerState.empty(), T0, "a", "call_1", ONE_PER_SECOND);

        assertThat(outcome.decision()).isEqualTo(new Granted(T0));
        assertThat(outcome.next().nextAt()).isEqualTo(T0 + ONE_PER_SECOND.intervalMs());
        assertThat(outcome.next().active()).containsEntry("call_1", new ActiveCall("a", T0));
        assertThat(outcome.next().version()).isEqualTo(1);
    }

    @Test
    void theNextSlot_isGrantedAheadToOneDialerOnly_andTheNextOneIsToldWhenToComeBack() {
        PacerState afterFirst = PacerRule.decide(PacerState.empty(), T0, "a", "call_1", ONE_PER_SECOND).next();
        PacerRule.Outcome second = PacerRule.decide(afterFirst, T0 + 10, "a", "call_2", ONE_PER_SECOND);
        PacerRule.Outcome third = PacerRule.decide(second.next(), T0 + 20, "a", "call_3", ONE_PER_SECOND);

        long interval = ONE_PER_SECOND.intervalMs();
        assertThat(second.decision()).isEqualTo(new Granted(T0 + interval));
        assertThat(third.decision()).isInstanceOfSatisfying(Refused.class, r -> {
            assertThat(r.reason()).isEqualTo(Reason.PACE);
            assertThat(r.retryAfterMs()).isEqualTo(interval - 20);
        });
    }

    @Test
    void atCapacity_nothingIsGranted_untilACallEnds() {
        PacerSettings two = PacerSettings.of(1000, 2);
        PacerState state = PacerState.empty();
        state = PacerRule.decide(state, T0, "a", "call_1", two).next();
        state = PacerRule.decide(state, T0 + 5, "a", "call_2", two).next();

        PacerRule.Outcome full = PacerRule.decide(state, T0 + 10, "a", "call_3", two);
        Map<String, ActiveCall> oneEnded = new HashMap<>(state.active());
        oneEnded.remove("call_1");
        PacerState freed = new PacerState(full.next().version(), full.next().nextAt(), oneEnded,
                full.next().owners(), 0);

        assertThat(full.decision()).isEqualTo(new Refused(Reason.CAPACITY, two.capacityRetryMs()));
        assertThat(PacerRule.decide(freed, T0 + 20, "a", "call_3", two).decision()).isInstanceOf(Granted.class);
    }

    @Test
    void aSmallOwnersCall_goesBeforeTheNextCallOfACampaign() {
        PacerState state = PacerRule.decide(PacerState.empty(), T0, "campaign", "call_c1", ONE_PER_SECOND).next();
        // The small owner asks while the campaign's next call holds nothing yet: it has never dialed, so it goes first.
        PacerRule.Outcome small = PacerRule.decide(state, T0 + 10, "small", "call_s1", ONE_PER_SECOND);
        PacerRule.Outcome campaign = PacerRule.decide(small.next(), T0 + 20, "campaign", "call_c2", ONE_PER_SECOND);

        assertThat(small.decision()).isEqualTo(new Granted(T0 + ONE_PER_SECOND.intervalMs()));
        assertThat(campaign.decision()).isInstanceOf(Refused.class);
    }

    @Test
    void aWaitingOwnersTurn_isKept_whileItComesBackInTime_andGivenUpAfterItsGrace() {
        long interval = ONE_PER_SECOND.intervalMs();
        PacerState state = PacerRule.decide(PacerState.empty(), T0, "a", "call_a1", ONE_PER_SECOND).next();
        state = PacerRule.decide(state, T0 + 1, "a", "call_a2", ONE_PER_SECOND).next();
        // b is refused for the pace (a holds the next slot) and registers; a's next call must wait for b.
        PacerRule.Outcome b = PacerRule.decide(state, T0 + 2, "b", "call_b1", ONE_PER_SECOND);
        assertThat(b.decision()).isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason())
                .isEqualTo(Reason.PACE));
        long back = T0 + 2 + ((Refused) b.decision()).retryAfterMs();

        PacerRule.Outcome aMeanwhile = PacerRule.decide(b.next(), T0 + interval + 5, "a", "call_a3", ONE_PER_SECOND);
        PacerRule.Outcome aAfterGrace = PacerRule.decide(b.next(), back + ONE_PER_SECOND.graceMs() + 1, "a",
                "call_a3", ONE_PER_SECOND);

        assertThat(aMeanwhile.decision()).isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason())
                .isEqualTo(Reason.TURN));
        assertThat(aAfterGrace.decision()).isInstanceOf(Granted.class);
    }

    @Test
    void aCallHoldingASlot_isNotGrantedASecond() {
        PacerState state = PacerRule.decide(PacerState.empty(), T0, "a", "call_1", ONE_PER_SECOND).next();

        PacerRule.Outcome again = PacerRule.decide(state, T0 + 5_000, "a", "call_1", ONE_PER_SECOND);

        assertThat(again.decision()).isEqualTo(new Refused(Reason.DUPLICATE, ONE_PER_SECOND.unclaimedMs()));
        assertThat(again.next()).isNull();
    }

    @Test
    void aRepeatedRefusal_withinItsRegistration_writesNothing() {
        PacerState state = PacerRule.decide(PacerState.empty(), T0, "a", "call_1", ONE_PER_SECOND).next();
        state = PacerRule.decide(state, T0 + 1, "a", "call_2", ONE_PER_SECOND).next();
        PacerRule.Outcome first = PacerRule.decide(state, T0 + 2, "a", "call_3", ONE_PER_SECOND);

        PacerRule.Outcome second = PacerRule.decide(first.next(), T0 + 3, "a", "call_3", ONE_PER_SECOND);

        assertThat(first.next()).isNotNull();
        assertThat(second.decision()).isInstanceOf(Refused.class);
        assertThat(second.next()).isNull();
    }

    /**
     * A whole system run on the pure rule: owners with campaigns of any size, dialers that come back when told (a
     * little late, within half the grace, as SQS's whole seconds make them) or much later, calls that end after any
     * time. Whatever happens: no two slots closer than the interval, no slot more than one interval ahead, never more
     * active calls than allowed, and while an owner waits without interruption no other owner is granted twice.
     */
    @Property(tries = 200)
    void neverOverThePace_neverOverCapacity_andNoOwnerPassesAWaitingOneTwice(
            @ForAll @IntRange(min = 2, max = 5) int owners, @ForAll @IntRange(min = 1, max = 6) int maxActive,
            @ForAll @IntRange(min = 0, max = 10_000) int seed) {
        PacerSettings settings = PacerSettings.of(4, maxActive);
        Simulation run = new Simulation(settings, owners, new Random(seed));
        run.run(T0, 400);

        for (int i = 1; i < run.grants.size(); i++) {
            assertThat(run.grants.get(i).slot() - run.grants.get(i - 1).slot())
                    .as("spacing of grants %d and %d", i - 1, i).isGreaterThanOrEqualTo(settings.intervalMs());
        }
        for (Grant g : run.grants) {
            assertThat(g.slot() - g.at()).isBetween(0L, settings.intervalMs());
            assertThat(g.activeAfter()).isLessThanOrEqualTo(maxActive);
        }
        assertThat(run.passedTwice).as("an owner passed a continuously waiting owner twice").isEmpty();
        assertThat(run.grants).as("the run dials").isNotEmpty();
    }

    /** One grant: when it was decided, its slot, its owner, and the active calls after it. */
    record Grant(long at, long slot, String owner, int activeAfter) {
    }

    /** A discrete-event run of dialers against one pacer state. */
    static final class Simulation {

        private final PacerSettings settings;
        private final Random random;
        private final List<String> owners = new ArrayList<>();
        private final Map<String, Integer> pending = new HashMap<>();
        private final Map<String, Long> waitingSince = new HashMap<>();
        private final Map<String, Map<String, Integer>> grantsWhileWaiting = new HashMap<>();
        private final PriorityQueue<long[]> agenda = new PriorityQueue<>((x, y) -> Long.compare(x[0], y[0]));
        private final Map<Long, String> ends = new HashMap<>();
        final List<Grant> grants = new ArrayList<>();
        final List<String> passedTwice = new ArrayList<>();
        private PacerState state = PacerState.empty();
        private int nextCall;

        Simulation(PacerSettings settings, int owners, Random random) {
            this.settings = settings;
            this.random = random;
            for (int i = 0; i < owners; i++) {
                String owner = "owner-" + i;
                this.owners.add(owner);
                pending.put(owner, i == 0 ? 200 : 1 + random.nextInt(i == 1 ? 40 : 4));
            }
        }

        void run(long start, int steps) {
            for (int i = 0; i < owners.size(); i++) {
                agenda.add(new long[] {start + random.nextInt(2_000), i, 0});
            }
            for (int step = 0; step < steps && !agenda.isEmpty(); step++) {
                long[] next = agenda.poll();
                if (next[2] == 1) {
                    end(next);
                } else {
                    ask(next[0], owners.get((int) next[1]));
                }
            }
        }

        private void end(long[] event) {
            String call = ends.remove(event[1]);
            Map<String, ActiveCall> active = new HashMap<>(state.active());
            active.remove(call);
            state = new PacerState(state.version(), state.nextAt(), active, state.owners(), state.repairedAt());
        }

        private void ask(long now, String owner) {
            if (pending.get(owner) == 0) {
                return;
            }
            String call = "call-" + owner + "-" + pending.get(owner);
            PacerRule.Outcome outcome = PacerRule.decide(state, now, owner, call, settings);
            if (outcome.next() != null) {
                state = outcome.next();
            }
            if (outcome.decision() instanceof Granted granted) {
                grants.add(new Grant(now, granted.slotAt(), owner, state.active().size()));
                noteGrant(owner);
                pending.merge(owner, -1, Integer::sum);
                long key = nextCall++;
                ends.put(key, call);
                agenda.add(new long[] {granted.slotAt() + 1 + random.nextInt(20_000), key, 1});
                agenda.add(new long[] {granted.slotAt() + random.nextInt(300), owners.indexOf(owner), 0});
                return;
            }
            Refused refused = (Refused) outcome.decision();
            waitingSince.putIfAbsent(owner, now);
            boolean late = random.nextInt(10) == 0;
            long back = now + refused.retryAfterMs() + (late ? settings.graceMs() + 1 + random.nextInt(5_000)
                    : random.nextInt((int) settings.graceMs() / 2));
            if (late) {
                // It will not be back in time: its wait is interrupted, and it starts waiting anew when it is.
                waitingSince.remove(owner);
                grantsWhileWaiting.remove(owner);
            }
            agenda.add(new long[] {back, owners.indexOf(owner), 0});
        }

        /** Counts the grant against every other owner that waits without interruption, then ends the owner's wait. */
        private void noteGrant(String owner) {
            for (String other : owners) {
                if (!other.equals(owner) && waitingSince.containsKey(other)) {
                    int times = grantsWhileWaiting.computeIfAbsent(other, o -> new HashMap<>()).merge(owner, 1,
                            Integer::sum);
                    if (times > 1) {
                        passedTwice.add(owner + " passed " + other + " " + times + " times");
                    }
                }
            }
            waitingSince.remove(owner);
            grantsWhileWaiting.remove(owner);
        }
    }

    @Test
    void theTurnOrder_isLongestSinceTheLastDialFirst_thenLongestWaitingFirst() {
        Map<String, OwnerTurn> owners = Map.of("recent", new OwnerTurn(T0 - 1_000, T0 - 500, T0 + 5_000),
                "older", new OwnerTurn(T0 - 9_000, T0 - 100, T0 + 5_000),
                "never-a", new OwnerTurn(0, T0 - 300, T0 + 5_000),
                "never-b", new OwnerTurn(0, T0 - 700, T0 + 5_000),
                "gone", new OwnerTurn(0, T0 - 9_000, T0 - 1));

        assertThat(PacerRule.turnOrder(owners, T0, "asking"))
                .containsExactly("never-b", "never-a", "asking", "older", "recent");
    }
}
