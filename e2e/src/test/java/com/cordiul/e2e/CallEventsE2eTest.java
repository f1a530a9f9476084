package com.cordiul.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.calls.CallEvent;
import com.cordiul.calls.CallEventPublisher;
import com.cordiul.calls.CallRecord;
import com.cordiul.calls.CallStatusMachine;
import com.cordiul.calls.CallStore;
import com.cordiul.calls.CallTransitions;
import com.cordiul.core.SortableId;
import com.cordiul.local.runner.LocalStack;
import com.cordiul.testing.TestJson;
import com.cordiul.testing.WebhookReceiver;
import com.cordiul.webhooks.delivery.CrashPoint;
import com.cordiul.webhooks.delivery.EventStore;
import com.cordiul.webhooks.delivery.WebhookEvents;
import com.cordiul.webhooks.delivery.WebhookQueue;
import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's "Done when", over the running local stack as {@code ./dev} runs it: a registered
 * {@code http://127.0.0.1:<port>} endpoint and real calls (create-call over HTTP, the dialer, the voice simulator's
 * playout, call-status), every event verified with the Standard Webhooks library as a customer would, the call's
 * history read back at {@code GET /api/calls/{id}/events} (every answer checked against openapi.yaml); and a burst
 * of 200 calls' status changes through the call store.
 */
class CallEventsE2eTest {

    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final List<String> ANSWERED = List.of("call.initiating", "call.queued", "call.ringing",
            "call.in_progress", "call.completed");

    private static SharedCloud cloud;
    private final List<WebhookReceiver> receivers = new ArrayList<>();

    @BeforeAll
    static void start() {
        cloud = SharedCloud.get();
    }

    @AfterEach
    void stopReceivers() {
        receivers.forEach(WebhookReceiver::close);
    }

    @Test
    void aCallsEveryStatus_reachesTheEndpoint_signed_retriedWithTheSameId_andIsListedInItsHistory()
            throws Exception {
        WebhookReceiver receiver = receiver(r -> r.index() == 0 ? 500 : 200);
        String owner = SharedCloud.newOwner("events");
        String key = cloud.issueKey(owner, "calls:read", "calls:write", "webhooks:read", "webhooks:write");
        String secret = register(key, receiver.url("/hooks")).path("secret").asText();

        String callId = create(key, TestNumbers.next(), "{\"order_id\": \"ord_1842\", \"crm.contact\": \"c-9\"}");

        // Five events, the first of them twice: its first attempt was answered 500.
        assertThat(receiver.await(r -> true, ANSWERED.size() + 1, DEADLINE)).isTrue();
        List<WebhookReceiver.Received> received = receiver.received();
        Webhook webhook = new Webhook(secret);
        for (WebhookReceiver.Received r : received) {
            webhook.verify(r.body(), r.headers());
        }
        String failedFirst = received.get(0).header("webhook-id");
        assertThat(received).filteredOn(r -> failedFirst.equals(r.header("webhook-id"))).as("retried, same id")
                .hasSize(2).extracting(WebhookReceiver.Received::body).containsOnly(received.get(0).body());
        Map<String, String> delivered = new HashMap<>();
        for (WebhookReceiver.Received r : received) {
            delivered.put(r.header("webhook-id"), r.body());
        }
        assertThat(delivered).hasSize(ANSWERED.size());
        List<JsonNode> history = new ArrayList<>();
        cloud.api().request("GET", "/api/calls/{id}/events").path(callId).apiKey(key).send().data()
                .path("events").forEach(history::add);
        assertThat(history).extracting(e -> e.path("type").asText()).containsExactlyElementsOf(ANSWERED);
        assertThat(history).extracting(e -> e.path("id").asText())
                .containsExactlyInAnyOrderElementsOf(delivered.keySet());
        for (int i = 0; i < history.size(); i++) {
            JsonNode event = history.get(i);
            assertThat(event.path("sequence").asLong()).isEqualTo(i + 1L);
            assertThat(event).isEqualTo(TestJson.mapper().readTree(delivered.get(event.path("id").asText())));
            JsonNode call = event.path("data").path("call");
            assertThat(call.path("id").asText()).isEqualTo(callId);
            assertThat(call.path("status").asText()).isEqualTo(ANSWERED.get(i).substring(5).replace('_', '-'));
            assertThat(call.path("metadata").path("order_id").asText()).isEqualTo("ord_1842");
        }
        assertThat(history.get(4).path("data").path("call").path("ended_at").isTextual()).isTrue();
        assertThat(history.get(3).path("data").path("call").path("ended_at").isNull())
                .as("the in-progress event shows the call as it was then").isTrue();
    }

    /**
     * A burst of 200 calls' status changes, made by the layer's call store (the code every call function writes
     * through) on the stack's own table and queue, eight writers at once: every status of every call reaches the
     * endpoint exactly once, through the stack's dispatcher and delivery functions. The changes are made here rather
     * than by 200 simulated calls because the playout's call-status invocations, on this shared two-core machine,
     * outlast Chime's 5 s and lose events, and the test is about the webhooks, not the playout.
     */
    @Test
    void aBurstOf200Calls_deliversEveryStatusOfEveryCall_once() throws Exception {
        WebhookReceiver receiver = receiver(r -> 200);
        String owner = SharedCloud.newOwner("events-burst");
        String key = cloud.issueKey(owner, "webhooks:read", "webhooks:write");
        String secret = register(key, receiver.url("/burst")).path("secret").asText();
        LocalStack stack = cloud.cloud().stack();
        WebhookEvents events = new WebhookEvents(new EventStore(stack.dynamoDb(),
                stack.environment("GetCallFunction").get("WEBHOOK_EVENTS_TABLE")),
                new WebhookQueue(stack.sqs(), stack.queueUrl("WebhookEventQueue")), Clock.systemUTC(),
                CrashPoint.none());
        CallStore store = new CallStore(stack.dynamoDb(), stack.environment("GetCallFunction").get("CALLS_TABLE"),
                CallTransitions.NONE, new CallEventPublisher(() -> events), Clock.systemUTC(), CrashPoint.none());
        CallStatusMachine machine = new CallStatusMachine();
        SortableId ids = SortableId.system();

        ExecutorService writers = Executors.newFixedThreadPool(8);
        List<Future<String>> placed = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            placed.add(writers.submit(() -> {
                Instant t0 = Instant.now();
                CallRecord call = CallRecord.initiating(owner, "call_" + ids.next(), "contact_burst",
                        "+12025550123", "+12025550199", null, t0);
                store.create(call);
                for (CallEvent fact : List.of(CallEvent.dialAccepted(t0, "tx-" + call.id()), CallEvent.queued(t0),
                        CallEvent.ringing(t0.plusMillis(1)), CallEvent.answered(t0.plusMillis(2)),
                        CallEvent.hangup(t0.plusMillis(3), 0))) {
                    store.update(owner, call.id(), r -> machine.apply(r, fact));
                }
                return call.id();
            }));
        }
        Set<String> calls = new HashSet<>();
        for (Future<String> call : placed) {
            calls.add(call.get());
        }
        writers.shutdown();

        assertThat(receiver.await(r -> true, 200 * ANSWERED.size(), Duration.ofMinutes(4))).isTrue();
        Map<String, List<String>> typesByCall = new HashMap<>();
        Set<String> delivered = new HashSet<>();
        for (WebhookReceiver.Received r : receiver.received()) {
            assertThat(r.verifiesWith(secret)).isTrue();
            assertThat(delivered.add(r.header("webhook-id"))).as("delivered once: " + r).isTrue();
            JsonNode event = TestJson.mapper().readTree(r.body());
            typesByCall.computeIfAbsent(event.path("data").path("call").path("id").asText(), c -> new ArrayList<>())
                    .add(event.path("sequence").asLong() + " " + event.path("type").asText());
        }
        assertThat(typesByCall.keySet()).isEqualTo(calls);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < ANSWERED.size(); i++) {
            expected.add((i + 1) + " " + ANSWERED.get(i));
        }
        assertThat(typesByCall.values()).allSatisfy(types -> assertThat(types)
                .containsExactlyInAnyOrderElementsOf(expected));
    }

    private String create(String key, String number, String metadata) {
        ContractResponse created = cloud.api().request("POST", "/api/calls/create").apiKey(key)
                .json("{\"contact_id\": \"contact_events\", \"phone_number\": \"" + number + "\", \"metadata\": "
                        + metadata + "}").send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.data().path("id").asText();
    }

    private WebhookReceiver receiver(WebhookReceiver.Responder responder) {
        WebhookReceiver receiver = WebhookReceiver.start().answering(responder);
        receivers.add(receiver);
        return receiver;
    }

    private static JsonNode register(String key, String url) {
        ContractResponse created = cloud.api().request("POST", "/api/webhook-endpoints").apiKey(key)
                .json("{\"url\": \"" + url + "\"}").send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.data();
    }
}
