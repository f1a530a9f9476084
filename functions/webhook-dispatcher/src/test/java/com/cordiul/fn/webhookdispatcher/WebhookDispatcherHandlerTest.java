package com.cordiul.fn.webhookdispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.core.JsonWritable;
import com.cordiul.local.dynalite.RepositoryRoot;
import com.cordiul.local.elasticmq.QueueSpec;
import com.cordiul.queue.BatchProcessor;
import com.cordiul.testing.ApiEvents;
import com.cordiul.testing.LocalQueues;
import com.cordiul.testing.TemplateStore;
import com.cordiul.testing.WebhookFixtures;
import com.cordiul.webhooks.EndpointHealth;
import com.cordiul.webhooks.WebhookEndpoint;
import com.cordiul.webhooks.WebhookEndpointStore;
import com.cordiul.webhooks.delivery.CrashPoint;
import com.cordiul.webhooks.delivery.DeliveryState;
import com.cordiul.webhooks.delivery.DeliveryStore;
import com.cordiul.webhooks.delivery.EventStore;
import com.cordiul.webhooks.delivery.FanOut;
import com.cordiul.webhooks.delivery.WebhookEvent;
import com.cordiul.webhooks.delivery.WebhookQueue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class WebhookDispatcherHandlerTest {

    @RegisterExtension
    static final TemplateStore STORE = new TemplateStore();
    @RegisterExtension
    static final LocalQueues QUEUES = new LocalQueues(QueueSpec.standard("deliveries"));

    @Test
    void theSampleBatch_fansTheEventOutToItsOwnersEndpoint_andReportsNoFailure() throws Exception {
        WebhookEndpointStore endpoints = new WebhookEndpointStore(STORE.client(), "WebhookEndpointsTable");
        endpoints.insert(new WebhookEndpoint(WebhookFixtures.OWNER, 0, WebhookFixtures.ENDPOINT_ID,
                "https://hooks.example.com/", Optional.empty(), null, true, null, Instant.now(), "whsec_AAAA", null,
                null, EndpointHealth.healthy(), Map.of()));
        EventStore events = new EventStore(STORE.client(), "WebhookEventsTable");
        JsonWritable data = out -> out.field("call", Map.of("id", "call_1"));
        events.record(WebhookFixtures.OWNER, new WebhookEvent(WebhookFixtures.EVENT_ID, "call.queued",
                Instant.now(), 1, data), Instant.now());

        String answer = invoke(handler(STORE.client()));

        assertThat(answer).isEqualTo("{\"batchItemFailures\":[]}");
        assertThat(new DeliveryStore(STORE.client(), "WebhookDeliveriesTable").get(WebhookFixtures.ENDPOINT_ID,
                WebhookFixtures.EVENT_ID).orElseThrow().state()).isEqualTo(DeliveryState.PENDING);
        assertThat(events.get(WebhookFixtures.OWNER, WebhookFixtures.EVENT_ID).orElseThrow().pending()).isFalse();
        var queued = QUEUES.client().receiveMessage(b -> b.queueUrl(QUEUES.queueUrl("deliveries"))
                .maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
        assertThat(queued).singleElement().satisfies(m -> assertThat(m.body()).isEqualTo(
                "{\"endpoint_id\":\"" + WebhookFixtures.ENDPOINT_ID + "\",\"event_id\":\""
                        + WebhookFixtures.EVENT_ID + "\"}"));
    }

    @Test
    void aStoreFault_reportsTheMessageAsFailed_soThatItComesBack() throws Exception {
        DynamoDbClient down = ApiEvents.noRetryClient(STORE.dynalite().endpoint());
        STORE.dynalite().close();
        try {
            String answer = invoke(handler(down));

            assertThat(answer).isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":"
                    + "\"2e1424d4-f796-459a-8184-9c92662be6da\"}]}");
        } finally {
            down.close();
        }
    }

    private static WebhookDispatcherHandler handler(DynamoDbClient dynamoDb) {
        FanOut fanOut = new FanOut(new EventStore(dynamoDb, "WebhookEventsTable"),
                new WebhookEndpointStore(dynamoDb, "WebhookEndpointsTable"),
                new DeliveryStore(dynamoDb, "WebhookDeliveriesTable"),
                new WebhookQueue(QUEUES.client(), QUEUES.queueUrl("deliveries")), Clock.systemUTC(),
                CrashPoint.none());
        return new WebhookDispatcherHandler(fanOut, BatchProcessor.withThreads(2));
    }

    private static String invoke(WebhookDispatcherHandler handler) throws Exception {
        byte[] event = Files.readAllBytes(RepositoryRoot.find().resolve("events/webhook-dispatcher.json"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, null);
        return out.toString(StandardCharsets.UTF_8);
    }
}
