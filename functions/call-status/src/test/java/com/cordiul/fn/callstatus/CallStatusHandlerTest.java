package com.cordiul.fn.callstatus;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.calls.CallEvent;
import com.cordiul.calls.CallRecord;
import com.cordiul.calls.CallStatus;
import com.cordiul.testing.EmfRules;
import com.cordiul.testing.TestJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallStatusHandlerTest extends CallStatusTestBase {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final String CALL = "call_01JD0000000000000000000000";
    private static final String TX = "7b1e8f2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b";

    /** A delivery of one event, observed at a time. */
    private record Delivery(String json, Instant at) {
    }

    private JsonNode response(String json) throws Exception {
        JsonNode root = TestJson.mapper().readTree(invoke(json));
        assertThat(root.path("SchemaVersion").asText()).isEqualTo("1.0");
        assertThat(root.path("Actions").isArray()).isTrue();
        assertThat(root.path("Actions").size()).isLessThanOrEqualTo(10);
        return root;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // fixture,                                   status before, status after, actions
        "call-status-new-outbound-call.json,          initiating,    queued,       ''",
        "call-status-ringing.json,                    queued,        ringing,      ''",
        "call-status-call-answered.json,              ringing,       in-progress,  Speak Hangup",
        "call-status-action-successful.json,          in-progress,   in-progress,  ''",
        "call-status-action-failed.json,              in-progress,   in-progress,  Hangup",
        "call-status-action-interrupted.json,         in-progress,   in-progress,  ''",
        "call-status-digits-received.json,            in-progress,   in-progress,  ''",
        "call-status-call-update-requested.json,      in-progress,   in-progress,  ''",
        "call-status-call-update-requested-hangup.json, in-progress, in-progress,  Hangup",
        "call-status-invalid-lambda-response.json,    in-progress,   in-progress,  ''",
        "call-status-hangup-after-answer.json,        in-progress,   completed,    ''",
        "call-status-hangup-busy.json,                ringing,       busy,         ''",
    })
    void eachFixture_isAnsweredValidly_andMovesTheSeededCallAsExpected(String fixture, String before,
                                                                       String after, String actions)
            throws Exception {
        seed(CALL, TX, "+14155550123", null, T0);
        bringTo(CallStatus.fromValue(before).orElseThrow());
        clock.set(T0.plusSeconds(60));

        JsonNode response = response(fixtureText(fixture));

        List<String> types = new ArrayList<>();
        response.get("Actions").forEach(a -> types.add(a.get("Type").asText()));
        assertThat(String.join(" ", types)).isEqualTo(actions);
        assertThat(store.find(OWNER, CALL).orElseThrow().status().value()).isEqualTo(after);
        if (!after.equals(before)) {
            assertThat(response.at("/TransactionAttributes/call_id").asText()).isEqualTo(CALL);
            assertThat(response.at("/TransactionAttributes/owner").asText()).isEqualTo(OWNER);
        }
    }

    private void bringTo(CallStatus status) {
        List<CallEvent> facts = new ArrayList<>();
        if (status.rank() >= 1) {
            facts.add(CallEvent.queued(T0.plusSeconds(1)));
        }
        if (status.rank() >= 2) {
            facts.add(CallEvent.ringing(T0.plusSeconds(2)));
        }
        if (status.rank() >= 3) {
            facts.add(CallEvent.answered(T0.plusSeconds(5)));
        }
        for (CallEvent fact : facts) {
            store.update(OWNER, CALL, r -> machine.apply(r, fact));
        }
    }

    @Test
    void malformedEvent_isAnsweredWithNoActions() throws Exception {
        assertThat(response("{\"InvocationEventType\":").get("Actions")).isEmpty();
        assertThat(response("").get("Actions")).isEmpty();
    }

    @Test
    void primer_readsTheCompositeKeyedTable() {
        assertThat(primer.prime()).isTrue();
    }

    /** The events of one answered call, in order, each with its observation time. */
    private static List<Delivery> answeredCall(String callId, String tx, Instant start, boolean attributes) {
        return List.of(
                new Delivery(event("call-status-new-outbound-call.json", tx, callId, true).toString(),
                        start.plusMillis(1_000)),
                new Delivery(event("call-status-ringing.json", tx, callId, attributes).toString(),
                        start.plusMillis(2_000)),
                new Delivery(event("call-status-call-answered.json", tx, callId, attributes).toString(),
                        start.plusMillis(5_000)),
                new Delivery(event("call-status-action-successful.json", tx, callId, attributes).toString(),
                        start.plusMillis(9_000)),
                new Delivery(event("call-status-hangup-after-answer.json", tx, callId, attributes).toString(),
                        start.plusMillis(47_900)));
    }

    /** Each delivery plus a Chime retry of it, observed later, in a shuffled order. */
    private static List<Delivery> duplicatedAndShuffled(List<Delivery> inOrder, Random random) {
        List<Delivery> all = new ArrayList<>(inOrder);
        for (Delivery d : inOrder) {
            all.add(new Delivery(d.json(), d.at().plusMillis(5_000 + random.nextInt(15_000))));
        }
        Collections.shuffle(all, random);
        return all;
    }

    private CallRecord inOrder(CallRecord seeded, Instant start) {
        CallRecord r = seeded;
        for (CallEvent e : List.of(CallEvent.queued(start.plusMillis(1_000)),
                CallEvent.ringing(start.plusMillis(2_000)),
                CallEvent.answered(start.plusMillis(5_000)), CallEvent.hangup(start.plusMillis(47_900), 0))) {
            r = machine.apply(r, e);
        }
        return r;
    }

    @Test
    void duplicatedAndReorderedEvents_endInTheInOrderRecord() throws Exception {
        Random random = new Random(42);
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        com.cordiul.logging.Log.redirect(new java.io.PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            for (int round = 0; round < 25; round++) {
                String callId = "call_round" + round;
                String tx = "tx-round-" + round;
                CallRecord seeded = seed(callId, tx, "+14155550123", null, T0);
                for (Delivery d : duplicatedAndShuffled(answeredCall(callId, tx, T0, round % 2 == 0), random)) {
                    clock.set(d.at());
                    response(d.json());
                }
                CallRecord stored = store.find(OWNER, callId).orElseThrow();
                assertThat(stored.sameFactsAs(inOrder(seeded, T0))).as("round %d: %s", round, stored).isTrue();
                assertThat(stored.status()).isEqualTo(CallStatus.COMPLETED);
                assertThat(stored.durationSeconds()).isEqualTo(42L);
            }
        } finally {
            com.cordiul.logging.Log.redirect(System.out);
        }
        // Duplicates count nothing twice: each call is confirmed once and reaches a final status once (the first
        // one recorded, which a reordered hangup may make another than the last).
        List<EmfRules.Datum> metrics = EmfRules.data(printed.toString(StandardCharsets.UTF_8).lines().toList());
        assertThat(EmfRules.sum(metrics, "CallsConfirmed", Map.of())).isEqualTo(25);
        double terminal = 0;
        for (String status : List.of("completed", "busy", "no-answer", "canceled", "failed")) {
            terminal += EmfRules.sum(metrics, "CallsTerminal", Map.of("Status", status));
        }
        assertThat(terminal).isEqualTo(25);
    }

    @Test
    void hundredCallsHandledConcurrently_withDuplicates_endInTheirInOrderRecords() throws Exception {
        Random random = new Random(7);
        List<CallRecord> seeded = new ArrayList<>();
        List<Delivery> deliveries = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String callId = "call_many" + i;
            String tx = "tx-many-" + i;
            seeded.add(seed(callId, tx, "+14155550123", null, T0));
            deliveries.addAll(duplicatedAndShuffled(answeredCall(callId, tx, T0, i % 3 != 0), random));
        }
        Collections.shuffle(deliveries, random);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<JsonNode>> results = new ArrayList<>();
            for (Delivery d : deliveries) {
                results.add(pool.submit(() -> {
                    clock.set(d.at());
                    return response(d.json());
                }));
            }
            for (Future<JsonNode> result : results) {
                result.get();
            }
        } finally {
            pool.shutdown();
        }
        for (CallRecord call : seeded) {
            CallRecord stored = store.find(OWNER, call.id()).orElseThrow();
            assertThat(stored.sameFactsAs(inOrder(call, T0))).as(stored.toString()).isTrue();
        }
    }

    @Test
    void answeredEventOfACallWithAMessage_speaksThatMessage() throws Exception {
        seed(CALL, TX, "+14155550123", "Your parcel arrives today.", T0);
        ObjectNode answered = event("call-status-call-answered.json", TX, CALL, false);
        assertThat(response(answered.toString()).at("/Actions/0/Parameters/Text").asText())
                .isEqualTo("Your parcel arrives today.");
    }
}
