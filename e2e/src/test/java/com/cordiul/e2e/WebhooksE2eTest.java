package com.cordiul.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.core.JsonWritable;
import com.cordiul.core.SortableId;
import com.cordiul.local.runner.LocalStack;
import com.cordiul.testing.WebhookReceiver;
import com.cordiul.webhooks.delivery.CrashPoint;
import com.cordiul.webhooks.delivery.EventStore;
import com.cordiul.webhooks.delivery.WebhookEvent;
import com.cordiul.webhooks.delivery.WebhookEvents;
import com.cordiul.webhooks.delivery.WebhookQueue;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhooks over the running local stack: endpoints registered over HTTP (every answer checked against
 * openapi.yaml), events published through the pipeline's entry point into the stack's own table and queue, and the
 * template's dispatcher and delivery functions, run from their jars by the runner's SQS event source mappings,
 * delivering to a receiver on this machine that verifies each delivery with the Standard Webhooks library.
 */
class WebhooksE2eTest {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final List<String> LIFECYCLE = List.of("call.queued", "call.ringing", "call.in_progress",
            "call.completed");

    private static SharedCloud cloud;
    private static WebhookEvents publisher;
    private final List<WebhookReceiver> receivers = new ArrayList<>();
    private final SortableId ids = SortableId.system();

    @BeforeAll
    static void start() {
        cloud = SharedCloud.get();
        LocalStack stack = cloud.cloud().stack();
        String table = stack.environment("WebhookDispatcherFunction").get("WEBHOOK_EVENTS_TABLE");
        publisher = new WebhookEvents(new EventStore(stack.dynamoDb(), table),
                new WebhookQueue(stack.sqs(), stack.queueUrl("WebhookEventQueue")), Clock.systemUTC(),
                CrashPoint.none());
    }

    @AfterEach
    void stopReceivers() {
        receivers.forEach(WebhookReceiver::close);
    }

    @Test
    void aCallsStatuses_reachTheEndpoint_signed_andTheDeliveriesAreListed() {
        WebhookReceiver receiver = receiver(r -> 200);
        String owner = SharedCloud.newOwner("webhooks");
        String key = cloud.issueKey(owner, "webhooks:read", "webhooks:write");
        JsonNode endpoint = register(key, receiver.url("/hooks"));
        String callId = "call_" + ids.next();
        List<String> published = new ArrayList<>();

        for (int i = 0; i < LIFECYCLE.size(); i++) {
            published.add(publish(owner, LIFECYCLE.get(i), i + 1, callId));
        }

        assertThat(receiver.await(r -> true, 4, DEADLINE)).isTrue();
        assertThat(receiver.received()).extracting(r -> r.header("webhook-id"))
                .containsExactlyInAnyOrderElementsOf(published);
        assertThat(receiver.received()).allSatisfy(r -> {
            assertThat(r.verifiesWith(endpoint.path("secret").asText())).as(r.toString()).isTrue();
            assertThat(r.header("user-agent")).contains("Cordiul");
            assertThat(r.body()).contains(callId);
        });
        List<JsonNode> logged = Deadline.await("four delivery attempts listed", DEADLINE,
                () -> deliveries(key, endpoint.path("id").asText()), list -> list.size() == 4);
        assertThat(logged).allSatisfy(d ->
                assertThat(d.path("status_code").asInt()).isEqualTo(200));
    }

    @Test
    void aFailedDelivery_isRetriedWithTheSameWebhookId() {
        WebhookReceiver receiver = receiver(r -> r.index() == 0 ? 503 : 200);
        String owner = SharedCloud.newOwner("webhooks");
        String key = cloud.issueKey(owner, "webhooks:read", "webhooks:write");
        JsonNode endpoint = register(key, receiver.url("/hooks"));

        String event = publish(owner, "call.completed", 4, "call_" + ids.next());

        assertThat(receiver.await(r -> true, 2, DEADLINE)).isTrue();
        assertThat(receiver.received()).extracting(r -> r.header("webhook-id")).containsExactly(event, event);
        assertThat(receiver.received()).allMatch(r -> r.verifiesWith(endpoint.path("secret").asText()));
        List<JsonNode> attempts = Deadline.await("both attempts listed", DEADLINE,
                () -> deliveries(key, endpoint.path("id").asText()), list -> list.size() == 2);
        assertThat(attempts.get(0).path("attempt").asInt()).isEqualTo(2);
        assertThat(attempts.get(0).path("status_code").asInt()).isEqualTo(200);
        assertThat(attempts.get(1).path("status_code").asInt()).isEqualTo(503);
    }

    @Test
    void anotherAccountsEndpoint_isNotFound_andItsEventsStayItsOwn() {
        WebhookReceiver mine = receiver(r -> 200);
        WebhookReceiver theirs = receiver(r -> 200);
        String me = SharedCloud.newOwner("webhooks");
        String them = SharedCloud.newOwner("webhooks");
        String myKey = cloud.issueKey(me, "webhooks:read", "webhooks:write");
        String theirKey = cloud.issueKey(them, "webhooks:read", "webhooks:write");
        register(myKey, mine.url("/"));
        JsonNode theirEndpoint = register(theirKey, theirs.url("/"));

        String event = publish(me, "call.queued", 1, "call_" + ids.next());

        assertThat(mine.await(r -> true, 1, DEADLINE)).isTrue();
        assertThat(mine.received()).extracting(r -> r.header("webhook-id")).containsExactly(event);
        assertThat(theirs.received()).isEmpty();
        for (String[] route : new String[][] {{"DELETE", "/api/webhook-endpoints/{id}"},
            {"POST", "/api/webhook-endpoints/{id}/rotate-secret"}, {"GET", "/api/webhook-endpoints/{id}/deliveries"}}) {
            assertThat(cloud.api().request(route[0], route[1]).path(theirEndpoint.path("id").asText()).apiKey(myKey)
                    .send().status()).as(route[0] + " " + route[1]).isEqualTo(404);
        }
    }

    @Test
    void aKeyWithoutTheWebhooksPermissions_isRefused_andAnUnsafeUrlIs400() {
        String owner = SharedCloud.newOwner("webhooks");
        String callsOnly = cloud.issueKey(owner, "calls:read", "calls:write", "api_keys:read", "api_keys:write");
        String key = cloud.issueKey(owner, "webhooks:read", "webhooks:write");

        assertThat(cloud.api().request("GET", "/api/webhook-endpoints").apiKey(callsOnly).send().status())
                .isEqualTo(403);
        for (String url : List.of("https://169.254.169.254/latest/meta-data/", "https://0x7f000001/",
                "http://10.0.0.1:8080/", "https://[::ffff:192.168.0.1]/")) {
            ContractResponse refused = cloud.api().request("POST", "/api/webhook-endpoints").apiKey(key)
                    .json("{\"url\": \"" + url + "\"}").send();
            assertThat(refused.status()).as(url).isEqualTo(400);
            assertThat(refused.error().path("field").asText()).isEqualTo("url");
        }
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

    private String publish(String owner, String type, long sequence, String callId) {
        JsonWritable data = out -> out.field("call", Map.of("id", callId,
                "status", type.substring("call.".length()).replace('_', '-')));
        WebhookEvent event = new WebhookEvent(WebhookEvent.newId(ids), type, Clock.systemUTC().instant(), sequence,
                data);
        publisher.publish(owner, event);
        return event.id();
    }

    private static List<JsonNode> deliveries(String key, String endpointId) {
        List<JsonNode> attempts = new ArrayList<>();
        cloud.api().request("GET", "/api/webhook-endpoints/{id}/deliveries").path(endpointId).apiKey(key).send()
                .data().path("deliveries").forEach(attempts::add);
        return attempts;
    }
}
