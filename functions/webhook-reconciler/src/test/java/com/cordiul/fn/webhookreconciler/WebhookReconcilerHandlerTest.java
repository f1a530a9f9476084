package com.cordiul.fn.webhookreconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.core.Json;
import com.cordiul.core.JsonWritable;
import com.cordiul.local.dynalite.RepositoryRoot;
import com.cordiul.local.elasticmq.QueueSpec;
import com.cordiul.testing.LocalQueues;
import com.cordiul.testing.MutableClock;
import com.cordiul.testing.TemplateStore;
import com.cordiul.webhooks.WebhookEndpointStore;
import com.cordiul.webhooks.delivery.CrashPoint;
import com.cordiul.webhooks.delivery.DeliveryReconciler;
import com.cordiul.webhooks.delivery.DeliveryStore;
import com.cordiul.webhooks.delivery.EventStore;
import com.cordiul.webhooks.delivery.FanOut;
import com.cordiul.webhooks.delivery.WebhookEvent;
import com.cordiul.webhooks.delivery.WebhookQueue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WebhookReconcilerHandlerTest {

    @RegisterExtension
    static final TemplateStore STORE = new TemplateStore();
    @RegisterExtension
    static final LocalQueues QUEUES = new LocalQueues(QueueSpec.standard("deliveries"));

    @Test
    void aScheduledRun_fansOutAnEventLeftInTheOutbox_answersItsCounts_andPrintsTheLagMetric() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        EventStore events = new EventStore(STORE.client(), "WebhookEventsTable");
        JsonWritable data = out -> out.field("call", Map.of("id", "call_1"));
        String id = "evt_01JN8F0Q2W7R5T3Y9V6X4Z8B1C";
        events.record("user_2abc", new WebhookEvent(id, "call.queued", clock.instant(), 1, data), clock.instant());
        clock.advance(Duration.ofMinutes(3));
        WebhookQueue queue = new WebhookQueue(QUEUES.client(), QUEUES.queueUrl("deliveries"));
        DeliveryStore deliveries = new DeliveryStore(STORE.client(), "WebhookDeliveriesTable");
        DeliveryReconciler reconciler = new DeliveryReconciler(events, deliveries, new FanOut(events,
                new WebhookEndpointStore(STORE.client(), "WebhookEndpointsTable"), deliveries, queue, clock,
                CrashPoint.none()), queue, clock);
        ByteArrayOutputStream metrics = new ByteArrayOutputStream();
        WebhookReconcilerHandler handler = new WebhookReconcilerHandler(reconciler, "Cordiul/test",
                new PrintStream(metrics, true, StandardCharsets.UTF_8));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Files.readAllBytes(RepositoryRoot.find()
                .resolve("events/webhook-reconciler.json"))), out, null);

        assertThat(Json.parse(out.toString(StandardCharsets.UTF_8))).isEqualTo(Map.of("fanned_out", 1L,
                "promoted", 0L, "requeued", 0L, "abandoned", 0L, "lag_seconds", 180L, "truncated", false));
        assertThat(events.get("user_2abc", id).orElseThrow().pending()).isFalse();
        String line = metrics.toString(StandardCharsets.UTF_8).strip();
        assertThat(Json.parse(line)).isInstanceOfSatisfying(Map.class, doc -> {
            assertThat(doc.get("WebhookDeliveryLagSeconds")).isEqualTo(180L);
            assertThat(doc).containsKey("_aws");
        });
    }
}
