package com.cordiul.fn.webhookreconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.calls.CallStore;
import com.cordiul.calls.StatusEventReconciler;
import com.cordiul.core.Json;
import com.cordiul.core.JsonWritable;
import com.cordiul.local.dynalite.RepositoryRoot;
import com.cordiul.local.elasticmq.QueueSpec;
import com.cordiul.logging.Log;
import com.cordiul.testing.InvocationContext;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WebhookReconcilerHandlerTest {

    @RegisterExtension
    static final TemplateStore STORE = new TemplateStore();
    @RegisterExtension
    static final LocalQueues QUEUES = new LocalQueues(QueueSpec.standard("deliveries"));

    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

    @AfterEach
    void restoreLogs() {
        Log.redirect(System.out);
    }

    @Test
    void aScheduledRun_fansOutAnEventLeftInTheOutbox_answersItsCounts_andRecordsTheLag() throws Exception {
        Log.redirect(new PrintStream(logs, true, StandardCharsets.UTF_8));
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

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StatusEventReconciler statusEvents = new StatusEventReconciler(new CallStore(STORE.client(), "CallsTable"),
                clock);
        new WebhookReconcilerHandler(statusEvents, reconciler).handleRequest(new ByteArrayInputStream(
                Files.readAllBytes(RepositoryRoot.find().resolve("events/webhook-reconciler.json"))), out,
                InvocationContext.of("a1b2", "cordiul-WebhookReconcilerFunction"));

        assertThat(Json.parse(out.toString(StandardCharsets.UTF_8))).isEqualTo(Map.of("fanned_out", 1L,
                "promoted", 0L, "requeued", 0L, "abandoned", 0L, "lag_seconds", 180L, "truncated", false));
        assertThat(events.get("user_2abc", id).orElseThrow().pending()).isFalse();
        String emf = logs.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("\"_aws\""))
                .findFirst().orElseThrow();
        assertThat(Json.parse(emf)).isInstanceOfSatisfying(Map.class, doc -> {
            assertThat(((Number) doc.get("WebhookDeliveryLag")).doubleValue()).isEqualTo(180_000.0);
            assertThat(doc.get("WebhookMessagesRecovered")).isNotNull();
        });
    }
}
