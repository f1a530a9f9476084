package com.cordiul.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.aws.StoreUnavailableException;
import com.cordiul.local.dynalite.Dynalite;
import com.cordiul.testing.TemplateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class CallStoreTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    @RegisterExtension
    static final TemplateStore STORE = new TemplateStore();

    private final CallStatusMachine machine = new CallStatusMachine();
    private CallStore store;

    @BeforeEach
    void emptyTables() {
        store = new CallStore(STORE.client(), "CallsTable");
    }

    private static CallRecord call(String id) {
        return CallRecord.initiating("owner-1", id, "contact_1", "+12025550100", "+12025550199", "Hi", T0);
    }

    @Test
    void createdCall_isReadBack_withVersionOne() {
        assertThat(store.create(call("call_a"))).isTrue();
        CallRecord read = store.find("owner-1", "call_a").orElseThrow();
        assertThat(read.sameFactsAs(call("call_a"))).isTrue();
        assertThat(read.version()).isEqualTo(1);
        assertThat(read.status()).isEqualTo(CallStatus.INITIATING);
    }

    @Test
    void secondCreateWithSameId_isRefused_andOverwritesNothing() {
        store.create(call("call_a"));
        store.update("owner-1", "call_a", r -> machine.apply(r, CallEvent.queued(T0.plusSeconds(1))));
        assertThat(store.create(call("call_a"))).isFalse();
        assertThat(store.find("owner-1", "call_a").orElseThrow().status()).isEqualTo(CallStatus.QUEUED);
    }

    @Test
    void anotherOwnersCall_isNotFound() {
        store.create(call("call_a"));
        assertThat(store.find("owner-2", "call_a")).isEmpty();
        assertThat(store.update("owner-2", "call_a", r -> machine.apply(r, CallEvent.queued(T0)))).isEmpty();
    }

    @Test
    void concurrentWriters_neverLoseEachOthersFacts() throws Exception {
        store.create(call("call_a"));
        List<CallEvent> events = List.of(CallEvent.dialAccepted(T0, "tx-9"), CallEvent.queued(T0.plusSeconds(1)),
                CallEvent.ringing(T0.plusSeconds(2)), CallEvent.answered(T0.plusSeconds(3)),
                CallEvent.hangup(T0.plusSeconds(33), 0));
        ExecutorService pool = Executors.newFixedThreadPool(events.size() * 2);
        try {
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (int copy = 0; copy < 2; copy++) {
                for (CallEvent e : events) {
                    all.add(CompletableFuture.runAsync(() ->
                            store.update("owner-1", "call_a", r -> machine.apply(r, e)), pool));
                }
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
        } finally {
            pool.shutdown();
        }
        CallRecord end = store.find("owner-1", "call_a").orElseThrow();
        assertThat(end.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(end.durationSeconds()).isEqualTo(30L);
        assertThat(end.transactionId()).isEqualTo("tx-9");
    }

    @Test
    void callIsFoundByItsTransactionId() {
        store.create(call("call_a"));
        store.update("owner-1", "call_a", r -> machine.apply(r, CallEvent.dialAccepted(T0, "tx-42")));
        assertThat(store.findByTransactionId("tx-42")).contains(new CallStore.CallKey("owner-1", "call_a"));
        assertThat(store.findByTransactionId("tx-unknown")).isEmpty();
    }

    @Test
    void terminalCall_leavesTheSweepersIndex() {
        store.create(call("call_a"));
        assertThat(openCalls("waiting")).isEqualTo(1);
        store.update("owner-1", "call_a", r -> r.claimDial(T0.plusSeconds(5), "token"));
        assertThat(openCalls("waiting")).isZero();
        assertThat(openCalls("initiating")).isEqualTo(1);
        store.update("owner-1", "call_a", r -> machine.apply(r, CallEvent.dialRejected(T0, "refused")));
        assertThat(openCalls("initiating")).isZero();
    }

    @Test
    void everyStoredChange_isHandedToTheTransitions_once_withTheRecordBeforeAndAfter() {
        List<CallRecord[]> seen = new ArrayList<>();
        CallStore observed = new CallStore(STORE.client(), "CallsTable", (before, after) ->
                seen.add(new CallRecord[] {before, after}));
        observed.create(call("call_a"));
        observed.update("owner-1", "call_a", r -> machine.apply(r, CallEvent.queued(T0)));
        observed.update("owner-1", "call_a", r -> machine.apply(r, CallEvent.queued(T0.plusSeconds(9))));
        observed.update("owner-1", "call_a", r -> machine.apply(r, CallEvent.hangup(T0.plusSeconds(3), 486)));

        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)[0].status()).isEqualTo(CallStatus.INITIATING);
        assertThat(seen.get(0)[1].status()).isEqualTo(CallStatus.QUEUED);
        assertThat(seen.get(1)[1].status()).isEqualTo(CallStatus.BUSY);
        assertThat(seen.get(1)[1].version()).isEqualTo(seen.get(1)[0].version() + 1);
    }

    @Test
    void aFailingTransition_neverUndoesNorFailsTheStoredChange() {
        CallStore observed = new CallStore(STORE.client(), "CallsTable", (before, after) -> {
            throw new IllegalStateException("effect failed");
        });
        observed.create(call("call_a"));

        assertThat(observed.update("owner-1", "call_a", r -> machine.apply(r, CallEvent.queued(T0))))
                .hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(CallStatus.QUEUED));
        assertThat(store.find("owner-1", "call_a").orElseThrow().status()).isEqualTo(CallStatus.QUEUED);
    }

    @Test
    void storeDown_isReportedAsUnavailable() {
        try (Dynalite other = Dynalite.startInMemory(); DynamoDbClient stopped = other.client()) {
            other.close();
            CallStore down = new CallStore(stopped, "CallsTable");
            assertThatThrownBy(() -> down.find("owner-1", "call_a")).isInstanceOf(StoreUnavailableException.class);
        }
    }

    private int openCalls(String openStatus) {
        return STORE.client().query(b -> b.tableName("CallsTable").indexName(CallItems.INDEX_BY_OPEN_STATUS)
                .keyConditionExpression("open_status = :s")
                .expressionAttributeValues(java.util.Map.of(":s",
                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(openStatus))))
                .count();
    }
}
