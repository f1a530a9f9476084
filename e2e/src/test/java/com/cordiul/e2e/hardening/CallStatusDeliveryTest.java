package com.cordiul.e2e.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.calls.CallEvent;
import com.cordiul.calls.CallRecord;
import com.cordiul.calls.CallStatusMachine;
import com.cordiul.calls.CallStore;
import com.cordiul.local.runner.LocalCloud;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/**
 * The call-status function as deployed (its jar and the layer, in the local stack's function host), fed what Chime
 * may do to a SIP media application: every event of 100 calls at once, shuffled across and within calls, about half
 * of them delivered twice. Each call must end in the same record as a call of its kind fed in order, one event
 * after the other. Times come from the function's own clock, so they are compared by presence; everything else,
 * the record's write count included, must be identical.
 */
class CallStatusDeliveryTest {

    private static final String OWNER = "user_delivery";
    private static final String TABLE = "CallsTable";

    /** A kind of call: its events in Chime's order. */
    private enum Shape {
        ANSWERED("call-status-new-outbound-call.json", "call-status-ringing.json", "call-status-call-answered.json",
                "call-status-action-successful.json", "call-status-hangup-after-answer.json"),
        BUSY("call-status-new-outbound-call.json", "call-status-ringing.json", "call-status-hangup-busy.json"),
        NO_ANSWER("call-status-new-outbound-call.json", "call-status-ringing.json", "hangup:480"),
        FAILED_EARLY("call-status-new-outbound-call.json", "hangup:503");

        private final List<String> events;

        Shape(String... events) {
            this.events = List.of(events);
        }
    }

    private final HardeningStack stack = SharedCloud.get();
    private final CallStore store = new CallStore(stack.dynamoDb(), TABLE);
    private final CallStatusMachine machine = new CallStatusMachine();

    @Test
    void hundredCallsAtOnce_duplicatedAndReordered_endInTheirInOrderRecords() throws Exception {
        stack.warmUpCallStatus();
        Random random = new Random(20261129);
        Map<Shape, JsonNode> reference = new java.util.EnumMap<>(Shape.class);
        for (Shape shape : Shape.values()) {
            String id = seed("ref-" + shape.ordinal(), shape);
            for (String event : shape.events) {
                invoke(event(event, id));
            }
            reference.put(shape, normalized(id));
        }

        List<String> deliveries = new ArrayList<>();
        Map<String, Shape> calls = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            Shape shape = Shape.values()[i % Shape.values().length];
            String id = seed("chaos-" + i, shape);
            calls.put(id, shape);
            for (String event : shape.events) {
                String json = event(event, id);
                deliveries.add(json);
                if (random.nextBoolean()) {
                    deliveries.add(json);
                }
            }
        }
        Collections.shuffle(deliveries, random);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (String json : deliveries) {
                answers.add(pool.submit(() -> invokeAsChimeDoes(json)));
            }
            for (Future<String> answer : answers) {
                assertThat(answer.get()).contains("\"SchemaVersion\":\"1.0\"");
            }
        } finally {
            pool.shutdownNow();
        }
        for (Map.Entry<String, Shape> call : calls.entrySet()) {
            assertThat(normalized(call.getKey())).as("%s (%s)", call.getKey(), call.getValue())
                    .isEqualTo(reference.get(call.getValue()));
        }
        assertThat(reference.get(Shape.ANSWERED).path("status").asText()).isEqualTo("completed");
        assertThat(reference.get(Shape.BUSY).path("status").asText()).isEqualTo("busy");
        assertThat(reference.get(Shape.NO_ANSWER).path("status").asText()).isEqualTo("no-answer");
        assertThat(reference.get(Shape.FAILED_EARLY).path("status").asText()).isEqualTo("failed");
    }

    /**
     * Chime retries an invocation that failed or timed out (a cold instance's first invocation can outlast the
     * function's 4 s Timeout on a small machine): one more delivery of the same event, which must change nothing.
     */
    private String invokeAsChimeDoes(String json) {
        for (int attempt = 1; ; attempt++) {
            try {
                return invoke(json);
            } catch (com.cordiul.local.runner.LambdaInvocationException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private String invoke(String json) {
        return stack.cloud().stack().invokeFunction(LocalCloud.CALL_STATUS_FUNCTION, json);
    }

    /** A call as create-call records it once Chime accepted the dial. */
    private String seed(String name, Shape shape) {
        String id = "call_delivery_" + name;
        Instant now = Instant.now();
        store.create(CallRecord.initiating(OWNER, id, "contact-" + shape.name().toLowerCase(java.util.Locale.ROOT),
                "+12025550123", HardeningStack.FROM_NUMBER, null, now));
        store.update(OWNER, id, r -> machine.apply(r, CallEvent.dialAccepted(now, "tx-" + id))).orElseThrow();
        return id;
    }

    /** A sample event rewritten for one call ({@code hangup:<code>} is the busy hangup with another SIP code). */
    private static String event(String fixture, String callId) {
        String file = fixture.startsWith("hangup:") ? "call-status-hangup-busy.json" : fixture;
        try {
            ObjectNode e = (ObjectNode) Http.JSON.readTree(HardeningStack.sampleEvent(file));
            if (fixture.startsWith("hangup:")) {
                ((ObjectNode) e.at("/ActionData/Parameters")).put("SipResponseCode",
                        Integer.parseInt(fixture.substring(7)));
            }
            ObjectNode details = (ObjectNode) e.get("CallDetails");
            details.put("TransactionId", "tx-" + callId);
            if (details.get("TransactionAttributes") instanceof ObjectNode attributes) {
                attributes.put("call_id", callId).put("owner", OWNER);
            }
            if (e.at("/ActionData/Parameters/Arguments") instanceof ObjectNode arguments) {
                arguments.put("call_id", callId).put("owner", OWNER);
            }
            ((ObjectNode) details.get("Participants").get(0)).put("CallId", "leg-" + callId);
            return e.toString();
        } catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    /**
     * The stored item without what differs between two calls of one kind: ids, times (only their presence), and the
     * optimistic-lock version: two concurrent deliveries of one event can both write (the later-observed one first,
     * then the earlier one, which wins the merge), so the number of writes is not a property of the call's facts.
     */
    private JsonNode normalized(String callId) {
        var item = stack.dynamoDb().getItem(b -> b.tableName(TABLE).consistentRead(true).key(Map.of(
                "owner", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(OWNER),
                "id", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(callId)))).item();
        ObjectNode node = Http.JSON.createObjectNode();
        new java.util.TreeMap<>(item).forEach((name, value) -> {
            String text = value.s() != null ? value.s() : value.n() != null ? value.n() : String.valueOf(value);
            if (name.endsWith("_at") || name.equals("status_since")) {
                node.put(name, "<time>");
            } else if (!name.equals("version") && !name.equals("event_seq")) {
                // event_seq counts the statuses the call showed, and a reordered delivery may skip one (an answer
                // before the ringing): like the version, not a fact of the call.
                node.put(name, text.replace(callId, "<id>").replaceAll("contact-[a-z_]+", "<contact>"));
            }
        });
        return node;
    }
}
