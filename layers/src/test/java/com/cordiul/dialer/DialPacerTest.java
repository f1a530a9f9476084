package com.cordiul.dialer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.aws.StoreUnavailableException;
import com.cordiul.calls.CallEvent;
import com.cordiul.calls.CallRecord;
import com.cordiul.calls.CallStatusMachine;
import com.cordiul.calls.CallStore;
import com.cordiul.dialer.PacerDecision.Granted;
import com.cordiul.dialer.PacerDecision.Reason;
import com.cordiul.dialer.PacerDecision.Refused;
import com.cordiul.testing.MutableClock;
import com.cordiul.testing.OldItemOnConditionFailure;
import com.cordiul.testing.RequestCounter;
import com.cordiul.testing.TemplateStore;
import com.cordiul.testing.Unreachable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

class DialPacerTest {

    private static final Instant T0 = Instant.parse("2026-05-01T09:00:00Z");
    private static final String TABLE = "DialControlTable";
    @RegisterExtension
    static final TemplateStore STORE = new TemplateStore();

    private final MutableClock clock = new MutableClock(T0);

    private DialPacer pacer(Clock time, PacerSettings settings) {
        return new DialPacer(STORE.client(), TABLE, time, settings);
    }

    @Test
    void aGrant_isStored_andTheNextCallWaitsForThePace() {
        DialPacer pacer = pacer(clock, PacerSettings.of(1, 10));

        PacerDecision first = pacer.request("owner-a", "call_1");
        PacerDecision second = pacer.request("owner-a", "call_2");
        PacerDecision third = pacer.request("owner-a", "call_3");

        assertThat(first).isEqualTo(new Granted(T0.toEpochMilli()));
        assertThat(second).isEqualTo(new Granted(T0.toEpochMilli() + 1025));
        assertThat(third).isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason()).isEqualTo(Reason.PACE));
        assertThat(pacer.read().active()).containsOnlyKeys("call_1", "call_2");
        assertThat(pacer.read().nextAt()).isEqualTo(T0.toEpochMilli() + 2050);
    }

    @Test
    void aCallThatEnds_orGivesItsSlotBack_freesItsCapacity_andOnlyItsOwnSlot() {
        DialPacer pacer = pacer(clock, PacerSettings.of(1000, 1));
        long slot = ((Granted) pacer.request("owner-a", "call_1")).slotAt();
        assertThat(pacer.request("owner-a", "call_2")).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.reason()).isEqualTo(Reason.CAPACITY));

        pacer.withdraw("call_1", slot + 1);
        assertThat(pacer.read().active()).containsKey("call_1");
        pacer.withdraw("call_1", slot);
        assertThat(pacer.read().active()).isEmpty();

        clock.advance(Duration.ofSeconds(6));
        assertThat(pacer.request("owner-a", "call_2")).isInstanceOf(Granted.class);
        pacer.callEnded("call_2");
        pacer.callEnded("call_never_dialed");
        assertThat(pacer.read().active()).isEmpty();
    }

    @Test
    void dialersAskingAtOnce_neverShareTheLastUnitOfCapacity() throws Exception {
        DialPacer pacer = pacer(Clock.systemUTC(), PacerSettings.of(1000, 1));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 5; round++) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<PacerDecision>> asks = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    String call = "call_r" + round + "_" + i;
                    // Every owner asks in every round: an owner refused in an earlier round keeps its turn for a
                    // while (PacerRule), so a round in which it did not ask would rightly grant nobody.
                    String owner = "owner-" + i % 3;
                    asks.add(pool.submit(() -> {
                        start.await();
                        return pacer.request(owner, call);
                    }));
                }
                start.countDown();
                List<String> granted = new ArrayList<>();
                for (int i = 0; i < asks.size(); i++) {
                    if (asks.get(i).get() instanceof Granted) {
                        granted.add("call_r" + round + "_" + i);
                    }
                }
                assertThat(granted).as("round %d", round).hasSize(1);
                assertThat(pacer.read().active()).containsOnlyKeys(granted.get(0));
                pacer.callEnded(granted.get(0));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Eight dialer threads against one pacer item, as many instances are: each asks for its owner's next call, sleeps
     * to the slot when granted, and ends the call a little later; refused, it comes back when told. A monitor reads the
     * item all along. No two slots are closer than the interval, and the item never holds more active calls than
     * allowed.
     */
    @Test
    void manyDialersAgainstOnePacer_neverGoOverThePaceNorTheCapacity() throws Exception {
        PacerSettings settings = PacerSettings.of(20, 3);
        DialPacer pacer = pacer(Clock.systemUTC(), settings);
        ConcurrentLinkedQueue<Long> slots = new ConcurrentLinkedQueue<>();
        AtomicInteger peakActive = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(9);
        try {
            pool.submit(() -> {
                while (running.get()) {
                    peakActive.accumulateAndGet(pacer.read().active().size(), Math::max);
                }
                return null;
            });
            List<Future<?>> dialers = new ArrayList<>();
            for (int d = 0; d < 8; d++) {
                String owner = "owner-" + (d % 3);
                int dialer = d;
                dialers.add(pool.submit(() -> {
                    for (int n = 0; n < 5; ) {
                        String call = "call_" + dialer + "_" + n;
                        PacerDecision decision = pacer.request(owner, call);
                        if (decision instanceof Granted granted) {
                            slots.add(granted.slotAt());
                            sleepUntil(granted.slotAt() + ThreadLocalRandom.current().nextInt(1, 120));
                            pacer.callEnded(call);
                            n++;
                        } else {
                            Thread.sleep(Math.min(200, ((Refused) decision).retryAfterMs() + 1));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> dialer : dialers) {
                dialer.get(120, TimeUnit.SECONDS);
            }
        } finally {
            running.set(false);
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        List<Long> sorted = new ArrayList<>(slots);
        Collections.sort(sorted);
        assertThat(sorted).hasSize(40);
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(sorted.get(i) - sorted.get(i - 1)).as("slots %d and %d", i - 1, i)
                    .isGreaterThanOrEqualTo(settings.intervalMs());
        }
        assertThat(peakActive.get()).isBetween(1, 3);
    }

    @Test
    void aWriteRefusedByAConcurrentOne_decidesAgainOnTheItemItsRefusalCarries_orReadsItWhereTheStoreOmitsIt() {
        for (boolean storeReturnsTheItem : new boolean[] {true, false}) {
            STORE.client().deleteItem(b -> b.tableName(TABLE).key(java.util.Map.of("pk",
                    software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("pacer"))));
            DialPacer other = pacer(clock, PacerSettings.of(1, 10));
            other.request("owner-a", "call_1");
            RequestCounter counter = new RequestCounter();
            AtomicBoolean raced = new AtomicBoolean();
            // Another dialer writes between this one's read and its write, as two instances may.
            ExecutionInterceptor race = new ExecutionInterceptor() {
                @Override
                public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                    if (context.request() instanceof UpdateItemRequest && raced.compareAndSet(false, true)) {
                        other.request("owner-b", "call_2");
                    }
                }
            };
            OldItemOnConditionFailure oldItem = new OldItemOnConditionFailure(STORE.client());
            try (DynamoDbClient client = storeReturnsTheItem ? counter.client(STORE.endpoint(), race, oldItem)
                    : counter.client(STORE.endpoint(), race)) {
                DialPacer racing = new DialPacer(client, TABLE, clock, PacerSettings.of(1, 10));

                PacerDecision decision = racing.request("owner-c", "call_3");

                assertThat(raced).isTrue();
                // Decided again on what the other wrote: its slot is taken, the next is more than an interval away.
                assertThat(decision).isInstanceOfSatisfying(Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(Reason.PACE));
                assertThat(other.read().active()).containsOnlyKeys("call_1", "call_2");
                assertThat(counter.count("GetItemRequest")).isEqualTo(storeReturnsTheItem ? 1 : 2);
                assertThat(oldItem.itemsAdded()).isEqualTo(storeReturnsTheItem ? 1 : 0);
            }
        }
    }

    @Test
    void theRepair_freesSlotsOfEndedMissingAndUnclaimedCalls_andKeepsLiveOnes() {
        CallStore calls = new CallStore(STORE.client(), "CallsTable");
        CallStatusMachine machine = new CallStatusMachine();
        DialPacer pacer = pacer(clock, PacerSettings.of(1000, 10));
        String[] ids = {"call_live", "call_ended", "call_unclaimed", "call_fresh_grant", "call_missing"};
        for (String id : ids) {
            if (!id.equals("call_missing")) {
                calls.create(CallRecord.initiating("owner-a", id, "c", "+12025550100", "+12025550199", null, T0));
            }
            pacer.request("owner-a", id);
            clock.advance(Duration.ofMillis(10));
        }
        calls.update("owner-a", "call_live", r -> r.claimDial(T0, "t1"));
        calls.update("owner-a", "call_ended", r -> r.claimDial(T0, "t2"));
        calls.update("owner-a", "call_ended", r -> machine.apply(r, CallEvent.hangup(T0.plusSeconds(9), 486)));
        calls.update("owner-a", "call_fresh_grant", r -> r.claimDial(T0, "t3"));
        calls.update("owner-a", "call_fresh_grant", r -> r.releaseDial("t3"));
        clock.advance(Duration.ofSeconds(31));
        // Granted just now, not claimed yet: its dialer is between the two.
        pacer.withdraw("call_fresh_grant", pacer.read().active().get("call_fresh_grant").grantedAt());
        pacer.request("owner-a", "call_fresh_grant");

        int freed = pacer.repair(calls);

        assertThat(freed).isEqualTo(3);
        assertThat(pacer.read().active()).containsOnlyKeys("call_live", "call_fresh_grant");
    }

    @Test
    void theLazyRepair_runsAtMostEveryThirtySeconds() {
        CallStore calls = new CallStore(STORE.client(), "CallsTable");
        DialPacer pacer = pacer(clock, PacerSettings.of(1000, 10));
        pacer.request("owner-a", "call_gone_1");
        clock.advance(Duration.ofSeconds(31));

        assertThat(pacer.repairLazily(calls)).isEqualTo(1);
        pacer.request("owner-a", "call_gone_2");
        clock.advance(Duration.ofSeconds(10));
        assertThat(pacer.repairLazily(calls)).isZero();
        clock.advance(Duration.ofSeconds(21));
        assertThat(pacer.repairLazily(calls)).isEqualTo(1);
    }

    @Test
    void aSlotNeverClaimed_isReleasedForTheCallsNextAttempt_onlyAfterTheGrace() {
        DialPacer pacer = pacer(clock, PacerSettings.of(1000, 10));
        pacer.request("owner-a", "call_1");

        assertThat(pacer.releaseUnclaimed("call_1")).isFalse();
        clock.advance(Duration.ofSeconds(31));
        assertThat(pacer.releaseUnclaimed("call_1")).isTrue();
        assertThat(pacer.request("owner-a", "call_1")).isInstanceOf(Granted.class);
    }

    @Test
    void aStoreThatIsDown_grantsNothing_andSaysSo() {
        try (DynamoDbClient down = Unreachable.dynamoDb()) {
            DialPacer pacer = new DialPacer(down, TABLE, clock, PacerSettings.of(1, 10));
            assertThatThrownBy(() -> pacer.request("owner-a", "call_1"))
                    .isInstanceOf(StoreUnavailableException.class);
        }
    }

    private static void sleepUntil(long epochMs) throws InterruptedException {
        long wait = epochMs - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }
}
