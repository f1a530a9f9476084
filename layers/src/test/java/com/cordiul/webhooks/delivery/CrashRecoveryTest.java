package com.cordiul.webhooks.delivery;

import static com.cordiul.webhooks.delivery.DeliveryPipelineTest.poll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.testing.LocalQueues;
import com.cordiul.testing.TemplateStore;
import com.cordiul.testing.WebhookReceiver;
import com.cordiul.webhooks.CreatedWebhookEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A function that dies at any step of the pipeline loses nothing: the event is delivered later, by SQS's redelivery
 * of the message the dead function did not delete, or by the reconciler from what was recorded. A death after the
 * request was sent and answered is the one case where the endpoint sees the event twice, with the same
 * {@code webhook-id}.
 */
// Its checks ride on timing (paced dials, leases against redeliveries): it runs alone, after the others.
@Isolated
class CrashRecoveryTest {

    @RegisterExtension
    static final TemplateStore STORE = new TemplateStore();
    @RegisterExtension
    static final LocalQueues QUEUES = new LocalQueues(Pipeline.queues());

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    @Test
    void aPublisherThatDiesAfterRecordingTheEvent_isFannedOutByTheReconciler() {
        WebhookReceiver receiver = receiver();
        Pipeline pipeline = pipeline();
        CreatedWebhookEndpoint endpoint = pipeline.register("owner_a", receiver.url("/"), null);
        WebhookEvent event = pipeline.event("call.queued", 1);
        pipeline.crashAt(PipelineStep.EVENT_RECORDED);

        assertThatThrownBy(() -> pipeline.publisher.publish("owner_a", event))
                .isInstanceOf(Pipeline.SimulatedCrash.class);
        assertThat(pipeline.events.get("owner_a", event.id()).get().pending()).isTrue();
        assertThat(pipeline.reconciler.run().fannedOut()).as("within the grace period").isZero();

        pipeline.clock.advance(DeliveryReconciler.FAN_OUT_GRACE.plusSeconds(1));
        ReconcileSummary summary = pipeline.reconciler.run();

        assertThat(summary.fannedOut()).isEqualTo(1);
        assertThat(receiver.await(r -> true, 1, DEADLINE)).isTrue();
        assertThat(receiver.received()).singleElement().satisfies(r -> {
            assertThat(r.header("webhook-id")).isEqualTo(event.id());
            assertThat(r.verifiesWith(endpoint.secret())).isTrue();
        });
    }

    @Test
    void publishingTheSameEventAgain_deliversItOnce() {
        WebhookReceiver receiver = receiver();
        Pipeline pipeline = pipeline();
        pipeline.register("owner_a", receiver.url("/"), null);
        WebhookEvent event = pipeline.event("call.completed", 4);

        pipeline.publisher.publish("owner_a", event);
        assertThat(receiver.await(r -> true, 1, DEADLINE)).isTrue();
        pipeline.publisher.publish("owner_a", event);
        WebhookEvent marker = pipeline.publish("owner_a", "call.busy", 5);

        assertThat(receiver.await(r -> marker.id().equals(r.header("webhook-id")), 1, DEADLINE)).isTrue();
        assertThat(receiver.received()).extracting(r -> r.header("webhook-id")).containsExactly(event.id(),
                marker.id());
    }

    /** The fan-out dies at each of its steps: the event queue redelivers its message and the fan-out runs again. */
    @ParameterizedTest
    @EnumSource(value = PipelineStep.class, names = {"TARGETS_RECORDED", "DELIVERIES_RECORDED",
        "DELIVERIES_ENQUEUED"})
    void aFanOutThatDies_isRunAgain_andDeliversOnce(PipelineStep step) {
        WebhookReceiver receiver = receiver();
        Pipeline pipeline = pipeline();
        CreatedWebhookEndpoint endpoint = pipeline.register("owner_a", receiver.url("/"), null);
        pipeline.crashAt(step);

        WebhookEvent event = pipeline.publish("owner_a", "call.ringing", 2);

        assertThat(receiver.await(r -> true, 1, DEADLINE)).isTrue();
        assertThat(poll(() -> pipeline.events.get("owner_a", event.id()).get().pending(), false)).isTrue();
        assertThat(pipeline.reached).contains(step);
        assertThat(poll(() -> pipeline.delivery(endpoint.id(), event.id()).get().state(), DeliveryState.DELIVERED))
                .isTrue();
        assertThat(receiver.received()).singleElement().satisfies(r ->
                assertThat(r.header("webhook-id")).isEqualTo(event.id()));
    }

    @Test
    void anEndpointRegisteredWhileAFanOutWasInterrupted_doesNotGetTheOlderEvent() {
        WebhookReceiver first = receiver();
        WebhookReceiver later = receiver();
        Pipeline pipeline = pipeline();
        pipeline.register("owner_a", first.url("/"), null);
        pipeline.crashAt(PipelineStep.TARGETS_RECORDED);
        WebhookEvent event = pipeline.event("call.queued", 1);
        pipeline.publisher.publish("owner_a", event);
        assertThat(poll(() -> pipeline.reached.contains(PipelineStep.TARGETS_RECORDED), true)).isTrue();

        pipeline.register("owner_a", later.url("/"), null);

        assertThat(first.await(r -> true, 1, DEADLINE)).isTrue();
        WebhookEvent next = pipeline.publish("owner_a", "call.ringing", 2);
        assertThat(later.await(r -> true, 1, DEADLINE)).isTrue();
        assertThat(later.received()).extracting(r -> r.header("webhook-id")).containsExactly(next.id());
    }

    /**
     * The delivery function dies holding the delivery: the message SQS redelivers finds it leased and is dropped;
     * once the lease has run out the delivery is overdue, and the reconciler sends its message again.
     */
    @ParameterizedTest
    @EnumSource(value = PipelineStep.class, names = {"DELIVERY_CLAIMED", "ENDPOINT_LEASED"})
    void aDeliveryFunctionThatDiesBeforeSending_isRecoveredByTheReconciler(PipelineStep step) {
        WebhookReceiver receiver = receiver();
        Pipeline pipeline = pipeline();
        CreatedWebhookEndpoint endpoint = pipeline.register("owner_a", receiver.url("/"), null);
        pipeline.crashAt(step);

        WebhookEvent event = pipeline.publish("owner_a", "call.in_progress", 3);

        assertThat(poll(() -> pipeline.reached.contains(step), true)).isTrue();
        assertThat(poll(() -> pipeline.delivery(endpoint.id(), event.id()).get().leaseUntil().isPresent(), true))
                .isTrue();
        assertThat(receiver.received()).isEmpty();
        pipeline.clock.advance(DeliveryWorker.LEASE.plus(DeliveryReconciler.LOST_GRACE).plusSeconds(1));

        assertThat(pipeline.reconciler.run().requeued()).isEqualTo(1);

        assertThat(receiver.await(r -> true, 1, DEADLINE)).isTrue();
        assertThat(poll(() -> pipeline.delivery(endpoint.id(), event.id()).get().state(), DeliveryState.DELIVERED))
                .isTrue();
        assertThat(receiver.received()).singleElement().satisfies(r -> {
            assertThat(r.header("webhook-id")).isEqualTo(event.id());
            assertThat(r.signedWith(endpoint.secret())).isTrue();
        });
    }

    @Test
    void aDeliveryFunctionThatDiesAfterTheEndpointAnswered_deliversAgainWithTheSameWebhookId() {
        WebhookReceiver receiver = receiver();
        Pipeline pipeline = pipeline();
        CreatedWebhookEndpoint endpoint = pipeline.register("owner_a", receiver.url("/"), null);
        pipeline.crashAt(PipelineStep.ATTEMPT_MADE);

        WebhookEvent event = pipeline.publish("owner_a", "call.completed", 4);

        assertThat(receiver.await(r -> true, 1, DEADLINE)).isTrue();
        assertThat(poll(() -> pipeline.reached.contains(PipelineStep.ATTEMPT_MADE), true)).isTrue();
        pipeline.clock.advance(DeliveryWorker.LEASE.plus(DeliveryReconciler.LOST_GRACE).plusSeconds(1));
        pipeline.reconciler.run();

        assertThat(receiver.await(r -> true, 2, DEADLINE)).isTrue();
        assertThat(poll(() -> pipeline.delivery(endpoint.id(), event.id()).get().state(), DeliveryState.DELIVERED))
                .isTrue();
        assertThat(receiver.received()).extracting(r -> r.header("webhook-id")).containsExactly(event.id(),
                event.id());
        assertThat(receiver.received()).allMatch(r -> r.signedWith(endpoint.secret()));
    }

    @Test
    void aDeliveryFunctionThatDiesBeforeEnqueuingARetry_isStillRetried() {
        WebhookReceiver receiver = receiver().answering(r -> r.index() == 0 ? 503 : 200);
        Pipeline pipeline = pipeline();
        CreatedWebhookEndpoint endpoint = pipeline.register("owner_a", receiver.url("/"), null);
        pipeline.crashAt(PipelineStep.RETRY_RECORDED);

        WebhookEvent event = pipeline.publish("owner_a", "call.no_answer", 5);

        assertThat(poll(() -> pipeline.reached.contains(PipelineStep.RETRY_RECORDED), true)).isTrue();
        assertThat(pipeline.delivery(endpoint.id(), event.id()).get().attempt()).isEqualTo(2);
        // The dead invocation's batch comes back from SQS, or, were its message gone too, the reconciler sends it.
        pipeline.clock.advance(DeliveryReconciler.LOST_GRACE.plusSeconds(10));
        pipeline.reconciler.run();

        assertThat(poll(() -> pipeline.delivery(endpoint.id(), event.id()).get().state(), DeliveryState.DELIVERED))
                .isTrue();
        assertThat(receiver.received()).extracting(r -> r.header("webhook-id")).containsExactly(event.id(),
                event.id());
    }

    @Test
    void aRetryLongerThanSqsCanDelay_isParked_andSentByTheReconcilerWhenDue() {
        WebhookReceiver receiver = receiver().answering(r -> r.index() == 0 ? 500 : 200);
        Pipeline.Settings settings = new Pipeline.Settings();
        settings.waits = java.util.Collections.nCopies(7, Duration.ofHours(2));
        Pipeline pipeline = new Pipeline(STORE.client(), QUEUES.client(), urls(), settings);
        open.add(0, pipeline);
        CreatedWebhookEndpoint endpoint = pipeline.register("owner_a", receiver.url("/"), null);

        WebhookEvent event = pipeline.publish("owner_a", "call.queued", 1);

        assertThat(poll(() -> pipeline.delivery(endpoint.id(), event.id()).get().attempt(), 2)).isTrue();
        assertThat(pipeline.reconciler.run().promoted()).as("not due yet").isZero();
        pipeline.clock.advance(Duration.ofHours(2).plusMinutes(30));
        ReconcileSummary summary = pipeline.reconciler.run();

        assertThat(summary.promoted()).isEqualTo(1);
        assertThat(summary.lagSeconds()).isGreaterThanOrEqualTo(Duration.ofMinutes(5).toSeconds());
        assertThat(poll(() -> pipeline.delivery(endpoint.id(), event.id()).get().state(), DeliveryState.DELIVERED))
                .isTrue();
        assertThat(receiver.received()).hasSize(2);
    }

    @Test
    void aDeliveryWhoseMessageKeepsFailing_isGivenUpAfterTenResends_notRetriedForever() {
        Pipeline.Settings settings = new Pipeline.Settings();
        settings.pollers = 0;
        Pipeline pipeline = new Pipeline(STORE.client(), QUEUES.client(), urls(), settings);
        open.add(0, pipeline);
        CreatedWebhookEndpoint endpoint = pipeline.register("owner_a", "http://127.0.0.1:9/", null);
        WebhookEvent event = pipeline.publish("owner_a", "call.queued", 1);
        pipeline.drain(Pipeline.EVENTS, Duration.ofSeconds(1));

        for (int run = 0; run <= DeliveryReconciler.MAX_REQUEUES; run++) {
            pipeline.clock.advance(DeliveryReconciler.LOST_GRACE.plusSeconds(1));
            pipeline.reconciler.run();
        }

        Delivery given = pipeline.delivery(endpoint.id(), event.id()).orElseThrow();
        assertThat(given.state()).isEqualTo(DeliveryState.FAILED);
        assertThat(given.outcome()).isEqualTo("undeliverable");
    }

    private WebhookReceiver receiver() {
        WebhookReceiver receiver = WebhookReceiver.start();
        open.add(receiver);
        return receiver;
    }

    private Pipeline pipeline() {
        Pipeline pipeline = new Pipeline(STORE.client(), QUEUES.client(), urls(), new Pipeline.Settings());
        open.add(0, pipeline);
        return pipeline;
    }

    private static Map<String, String> urls() {
        return Map.of(Pipeline.EVENTS, QUEUES.queueUrl(Pipeline.EVENTS), Pipeline.DELIVERIES,
                QUEUES.queueUrl(Pipeline.DELIVERIES));
    }
}
