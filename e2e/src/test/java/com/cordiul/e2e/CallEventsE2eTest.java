package com.cordiul.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.testing.TestJson;
import com.cordiul.testing.WebhookReceiver;
import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's "Done when", over the running local stack as {@code ./dev} runs it: a registered
 * {@code http://127.0.0.1:<port>} endpoint and real calls (create-call over HTTP, the dialer, the voice simulator's
 * playout, call-status), every event verified with the Standard Webhooks library as a customer would, the call's
 * history read back at {@code GET /api/calls/{id}/events} (every answer checked against openapi.yaml). The burst of
 * 200 calls is {@code CallStatusEventsTest}'s, on a store of its own: on this stack it starves the store every later
 * suite shares.
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
