package com.cordiul.fn.webhookdelivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.core.JsonWritable;
import com.cordiul.local.dynalite.RepositoryRoot;
import com.cordiul.local.elasticmq.QueueSpec;
import com.cordiul.queue.BatchProcessor;
import com.cordiul.testing.LocalQueues;
import com.cordiul.testing.TemplateStore;
import com.cordiul.testing.WebhookFixtures;
import com.cordiul.testing.WebhookReceiver;
import com.cordiul.webhooks.DeliveryLog;
import com.cordiul.webhooks.EndpointHealth;
import com.cordiul.webhooks.WebhookEndpoint;
import com.cordiul.webhooks.WebhookEndpointStore;
import com.cordiul.webhooks.WebhookSecret;
import com.cordiul.webhooks.delivery.CrashPoint;
import com.cordiul.webhooks.delivery.DeliveryState;
import com.cordiul.webhooks.delivery.DeliveryStore;
import com.cordiul.webhooks.delivery.DeliveryWorker;
import com.cordiul.webhooks.delivery.EventStore;
import com.cordiul.webhooks.delivery.RetrySchedule;
import com.cordiul.webhooks.delivery.Target;
import com.cordiul.webhooks.delivery.WebhookEvent;
import com.cordiul.webhooks.delivery.WebhookHttpClient;
import com.cordiul.webhooks.delivery.WebhookQueue;
import com.cordiul.webhooks.url.WebhookAddressGuard;
import com.cordiul.webhooks.url.WebhookUrlPolicy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WebhookDeliveryHandlerTest {

    @RegisterExtension
    static final TemplateStore STORE = new TemplateStore();
    @RegisterExtension
    static final LocalQueues QUEUES = new LocalQueues(QueueSpec.standard("deliveries"));

    @Test
    void theSampleBatch_deliversTheEvent_signed_andRecordsIt() throws Exception {
        String secret = WebhookSecret.secure().generate();
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            new WebhookEndpointStore(STORE.client(), "WebhookEndpointsTable").insert(new WebhookEndpoint(
                    WebhookFixtures.OWNER, 0, WebhookFixtures.ENDPOINT_ID, receiver.url("/hooks"), Optional.empty(),
                    null, true, null, Instant.now(), secret, null, null, EndpointHealth.healthy(), Map.of()));
            JsonWritable data = out -> out.field("call", Map.of("id", "call_1", "status", "completed"));
            new EventStore(STORE.client(), "WebhookEventsTable").record(WebhookFixtures.OWNER, new WebhookEvent(
                    WebhookFixtures.EVENT_ID, "call.completed", Instant.now(), 5, data), Instant.now());
            DeliveryStore deliveries = new DeliveryStore(STORE.client(), "WebhookDeliveriesTable");
            deliveries.create(WebhookFixtures.OWNER, new Target(WebhookFixtures.ENDPOINT_ID, 0),
                    WebhookFixtures.EVENT_ID, "call.completed", Instant.now());

            String answer = invoke(handler());

            assertThat(answer).isEqualTo("{\"batchItemFailures\":[]}");
            assertThat(receiver.received()).singleElement().satisfies(r -> {
                assertThat(r.verifiesWith(secret)).isTrue();
                assertThat(r.header("webhook-id")).isEqualTo(WebhookFixtures.EVENT_ID);
                assertThat(r.body()).contains("\"type\":\"call.completed\"", "\"sequence\":5");
            });
            assertThat(deliveries.get(WebhookFixtures.ENDPOINT_ID, WebhookFixtures.EVENT_ID).orElseThrow().state())
                    .isEqualTo(DeliveryState.DELIVERED);
            assertThat(new DeliveryLog(STORE.client(), "WebhookDeliveriesTable").recent(WebhookFixtures.ENDPOINT_ID,
                    5)).singleElement().satisfies(a -> assertThat(a.statusCode()).isEqualTo(200));
        }
    }

    @Test
    void aMessageForADeliveryThatIsNotRecorded_isDroppedWithoutAnAttempt() throws Exception {
        String answer = invoke(handler());

        assertThat(answer).isEqualTo("{\"batchItemFailures\":[]}");
        assertThat(new DeliveryLog(STORE.client(), "WebhookDeliveriesTable").recent(WebhookFixtures.ENDPOINT_ID, 5))
                .isEmpty();
    }

    private static WebhookDeliveryHandler handler() {
        DeliveryWorker worker = new DeliveryWorker(new DeliveryStore(STORE.client(), "WebhookDeliveriesTable"),
                new WebhookEndpointStore(STORE.client(), "WebhookEndpointsTable"),
                new EventStore(STORE.client(), "WebhookEventsTable"),
                new DeliveryLog(STORE.client(), "WebhookDeliveriesTable"),
                new DeliveryWorker.Delivering(new WebhookUrlPolicy(true), new WebhookAddressGuard(
                        WebhookFixtures::resolve), WebhookHttpClient.standard()),
                new WebhookQueue(QUEUES.client(), QUEUES.queueUrl("deliveries")),
                RetrySchedule.standard(new Random()), Clock.systemUTC(), 10, CrashPoint.none());
        return new WebhookDeliveryHandler(worker, BatchProcessor.withThreads(2));
    }

    private static String invoke(WebhookDeliveryHandler handler) throws Exception {
        byte[] event = Files.readAllBytes(RepositoryRoot.find().resolve("events/webhook-delivery.json"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, null);
        return out.toString(StandardCharsets.UTF_8);
    }
}
