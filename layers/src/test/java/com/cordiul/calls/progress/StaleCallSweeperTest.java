package com.cordiul.calls.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.calls.CallEvent;
import com.cordiul.calls.CallRecord;
import com.cordiul.calls.CallStatus;
import com.cordiul.calls.CallStatusMachine;
import com.cordiul.calls.CallStore;
import com.cordiul.chime.sma.Fixtures;
import com.cordiul.chime.sma.SpeakVoice;
import com.cordiul.testing.TestJson;
import com.cordiul.testing.MutableClock;
import com.cordiul.testing.TemplateStore;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StaleCallSweeperTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final String OWNER = "user_1";
    @RegisterExtension
    static final TemplateStore STORE = new TemplateStore();

    private final CallStatusMachine machine = new CallStatusMachine();
    private final MutableClock clock = new MutableClock(NOW);
    private CallStore store;

    @BeforeEach
    void emptyTables() {
        store = new CallStore(STORE.client(), "CallsTable");
    }

    private StaleCallSweeper sweeper(int pageSize, int maxCallsPerRun) {
        return new StaleCallSweeper(STORE.client(), store, machine, clock, new SweepSettings(
                Duration.ofSeconds(86_400), Duration.ofSeconds(300), Duration.ofSeconds(300), Duration.ofSeconds(180),
                Duration.ofSeconds(3600), pageSize, maxCallsPerRun));
    }

    /** A call created {@code createdAgo} seconds before now and claimed by the dialer {@code dialedAgo} before now. */
    private void seedDialed(String id, long createdAgo, long dialedAgo) {
        seed(id, createdAgo);
        store.update(OWNER, id, r -> r.claimDial(NOW.minusSeconds(dialedAgo), "token-" + id));
    }

    /** A call created {@code createdAgo} seconds before now, with facts at the given seconds before now. */
    private void seed(String id, long createdAgo, CallEvent... facts) {
        store.create(CallRecord.initiating(OWNER, id, "contact_1", "+12025550100", "+12065550100", null,
                NOW.minusSeconds(createdAgo)));
        for (CallEvent fact : facts) {
            store.update(OWNER, id, r -> machine.apply(r, fact));
        }
    }

    private static CallEvent queued(long ago) {
        return CallEvent.queued(NOW.minusSeconds(ago));
    }

    private static CallEvent ringing(long ago) {
        return CallEvent.ringing(NOW.minusSeconds(ago));
    }

    private static CallEvent answered(long ago) {
        return CallEvent.answered(NOW.minusSeconds(ago));
    }

    private CallRecord call(String id) {
        return store.find(OWNER, id).orElseThrow();
    }

    private void seedOneOfEachKind() {
        seedDialed("call_stale_initiating", 400, 400);
        seedDialed("call_fresh_initiating", 100, 100);
        seed("call_stale_queued", 1000, queued(400));
        seed("call_fresh_queued", 1000, queued(100));
        seed("call_stale_ringing", 1000, queued(900), ringing(200));
        seed("call_fresh_ringing", 1000, queued(900), ringing(100));
        seed("call_stale_in_progress", 9000, queued(8000), ringing(7990), answered(3700));
        seed("call_fresh_in_progress", 9000, queued(8000), ringing(7990), answered(600));
        seed("call_completed", 9000, answered(8000), CallEvent.hangup(NOW.minusSeconds(7000), 0));
    }

    @Test
    void staleCallsOfEveryKind_areFailedWithTheirReason_freshOnesAreUntouched() {
        seedOneOfEachKind();
        SweepSummary summary = sweeper(2, 100).sweep();
        assertThat(summary).isEqualTo(new SweepSummary(4, 4, 0, 0, false, 0));
        assertThat(call("call_stale_initiating").reason()).isEqualTo("The telephony service never confirmed the call.");
        assertThat(call("call_stale_queued").reason()).isEqualTo("The call was placed but never rang.");
        assertThat(call("call_stale_ringing").reason()).isEqualTo("The call rang but its outcome was never reported.");
        assertThat(call("call_stale_in_progress").reason())
                .isEqualTo("The call exceeded the maximum call length without a reported hangup.");
        for (String id : List.of("call_stale_initiating", "call_stale_queued", "call_stale_ringing",
                "call_stale_in_progress")) {
            assertThat(call(id).status()).isEqualTo(CallStatus.FAILED);
            assertThat(call(id).endedAt()).isEqualTo(NOW);
        }
        assertThat(call("call_fresh_initiating").status()).isEqualTo(CallStatus.INITIATING);
        assertThat(call("call_fresh_queued").status()).isEqualTo(CallStatus.QUEUED);
        assertThat(call("call_fresh_ringing").status()).isEqualTo(CallStatus.RINGING);
        assertThat(call("call_fresh_in_progress").status()).isEqualTo(CallStatus.IN_PROGRESS);
        assertThat(call("call_completed").status()).isEqualTo(CallStatus.COMPLETED);
    }

    @Test
    void callsWaitingToBeDialed_areStaleOnlyAfterTheWaitingLimit_fromTheirCreation() {
        seed("call_waiting_an_hour", 3600);
        seedDialed("call_waited_then_dialed", 86_000, 100);
        seed("call_waited_too_long", 86_401);

        SweepSummary summary = sweeper(100, 100).sweep();

        assertThat(summary.swept()).isEqualTo(1);
        assertThat(call("call_waiting_an_hour").status()).isEqualTo(CallStatus.INITIATING);
        assertThat(call("call_waited_then_dialed").status()).isEqualTo(CallStatus.INITIATING);
        CallRecord neverDialed = call("call_waited_too_long");
        assertThat(neverDialed.status()).isEqualTo(CallStatus.FAILED);
        assertThat(neverDialed.reason()).isEqualTo(StaleCallSweeper.NEVER_DIALED);
        assertThat(neverDialed.dialedAt()).isNull();
    }

    @Test
    void theRepairRunsAfterTheSweep_andItsFailureDoesNotStopTheRun() {
        int[] runs = {0};
        StaleCallSweeper repairing = new StaleCallSweeper(STORE.client(), store, machine, clock,
                new SweepSettings(Duration.ofSeconds(86_400), Duration.ofSeconds(300), Duration.ofSeconds(300),
                        Duration.ofSeconds(180), Duration.ofSeconds(3600), 100, 100), () -> ++runs[0]);
        StaleCallSweeper failing = new StaleCallSweeper(STORE.client(), store, machine, clock,
                new SweepSettings(Duration.ofSeconds(86_400), Duration.ofSeconds(300), Duration.ofSeconds(300),
                        Duration.ofSeconds(180), Duration.ofSeconds(3600), 100, 100), () -> {
                            throw new IllegalStateException("pacer down");
                        });
        seedDialed("call_stale_initiating", 400, 400);

        assertThat(repairing.sweep().repaired()).isEqualTo(1);
        seedDialed("call_stale_again", 400, 400);
        SweepSummary afterFailure = failing.sweep();

        assertThat(afterFailure.swept()).isEqualTo(1);
        assertThat(afterFailure.repaired()).isZero();
    }

    @Test
    void secondRun_changesNothing() {
        seedOneOfEachKind();
        sweeper(100, 100).sweep();
        List<CallRecord> before = List.of(call("call_stale_queued"), call("call_fresh_queued"));
        assertThat(sweeper(100, 100).sweep()).isEqualTo(new SweepSummary(0, 0, 0, 0, false, 0));
        assertThat(List.of(call("call_stale_queued"), call("call_fresh_queued"))).isEqualTo(before);
    }

    @Test
    void runLimit_stopsTheRun_andTheNextRunCarriesOn() {
        seedOneOfEachKind();
        SweepSummary first = sweeper(1, 3).sweep();
        assertThat(first.swept()).isEqualTo(3);
        assertThat(first.truncated()).isTrue();
        SweepSummary second = sweeper(1, 3).sweep();
        assertThat(second.swept()).isEqualTo(1);
        assertThat(second.truncated()).isFalse();
    }

    @Test
    void callThatGotAnEventSinceTheIndexWasRead_isNotStale() {
        StaleCallSweeper sweeper = sweeper(100, 100);
        CallRecord queuedLongAgo = machine.apply(CallRecord.initiating(OWNER, "call_a", "contact_1",
                "+12025550100", "+12065550100", null, NOW.minusSeconds(1000)), queued(400));
        assertThat(sweeper.staleReason(queuedLongAgo, NOW)).isPresent();
        assertThat(sweeper.staleReason(machine.apply(queuedLongAgo, ringing(1)), NOW)).isEmpty();
        assertThat(sweeper.staleReason(machine.apply(queuedLongAgo, CallEvent.hangup(NOW, 486)), NOW)).isEmpty();
    }

    @Test
    void lateHangupAfterASweep_recordsTheTruth() throws Exception {
        seed("call_long", 9000, queued(8000), ringing(7990), answered(3700));
        store.update(OWNER, "call_long", r -> machine.apply(r, CallEvent.dialAccepted(NOW, "tx-long")));
        sweeper(100, 100).sweep();
        assertThat(call("call_long").status()).isEqualTo(CallStatus.FAILED);
        assertThat(call("call_long").durationSeconds()).isZero();

        clock.advance(Duration.ofSeconds(60));
        ObjectNode hangup = (ObjectNode) TestJson.mapper()
                .readTree(Fixtures.read("call-status-hangup-after-answer.json"));
        ObjectNode details = (ObjectNode) hangup.get("CallDetails");
        details.put("TransactionId", "tx-long");
        details.remove("TransactionAttributes");
        new CallProgress(store, machine, clock, "Hi", new SpeakVoice("Joanna", "en-US", "neural"))
                .respond(hangup.toString().getBytes(StandardCharsets.UTF_8));

        CallRecord call = call("call_long");
        assertThat(call.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(call.durationSeconds()).isEqualTo(3760L);
        assertThat(call.reason()).isNull();
    }
}
