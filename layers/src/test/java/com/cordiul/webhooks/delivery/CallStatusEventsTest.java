package com.cordiul.webhooks.delivery;

import static com.cordiul.webhooks.delivery.DeliveryPipelineTest.poll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.calls.CallEvent;
import com.cordiul.calls.CallEventPublisher;
import com.cordiul.calls.CallRecord;
import com.cordiul.calls.CallStatusMachine;
import com.cordiul.calls.CallStore;
import com.cordiul.calls.CallTransitions;
import com.cordiul.calls.StatusEventReconciler;
import com.cordiul.calls.StatusEvents;
import com.cordiul.core.Json;
import com.cordiul.testing.LocalQueues;
import com.cordiul.testing.TemplateStore;
import com.cordiul.testing.WebhookReceiver;
import com.cordiul.webhooks.CreatedWebhookEndpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The calls' status events through the real call store and the real pipeline (dynalite, ElasticMQ, a local
 * receiver): one event per status the call takes, its body the call as it was at the change, and none lost
 * whichever function dies wherever: after the status write, before the event write, before the enqueue, or
 * mid-delivery.
 */
class CallStatusEventsTest {

    @RegisterExtension
    static final TemplateStore STORE = new TemplateStore();
    @RegisterExtension
    static final LocalQueues QUEUES = new LocalQueues(Pipeline.queues());

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String OWNER = "owner_a";

    private final List<AutoCloseable> open = new ArrayList<>();
    private final CallStatusMachine machine = new CallStatusMachine();
    private Pipeline pipeline;
    private CallStore store;

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    @Test
    void aCallsLifecycle_deliversOneSignedEventPerStatus_inSequence_withTheCallAsItWas() {
        WebhookReceiver receiver = receiver();
        wire();
        CreatedWebhookEndpoint endpoint = pipeline.register(OWNER, receiver.url("/"), null);
        CallRecord call = create("call_01JN8F0Q2W7R5T3Y9V6X4Z8B1C");

        apply(call, r -> machine.apply(r, CallEvent.dialAccepted(now(), "tx-1")));
        apply(call, r -> machine.apply(r, CallEvent.queued(now())));
        apply(call, r -> machine.apply(r, CallEvent.queued(now())));
        apply(call, r -> machine.apply(r, CallEvent.ringing(now())));
        apply(call, r -> machine.apply(r, CallEvent.answered(now())));
        apply(call, r -> machine.apply(r, CallEvent.ringing(now())));
        apply(call, r -> machine.apply(r, CallEvent.hangup(now(), 0)));

        assertThat(receiver.await(r -> true, 5, DEADLINE)).isTrue();
        List<String> types = List.of("call.initiating", "call.queued", "call.ringing", "call.in_progress",
                "call.completed");
        List<StoredEvent> history = history(call);
        assertThat(history).extracting(StoredEvent::type).containsExactlyElementsOf(types);
        for (int i = 0; i < history.size(); i++) {
            Map<?, ?> body = (Map<?, ?>) Json.parse(history.get(i).body());
            assertThat(body.get("id")).isEqualTo(StatusEvents.id(call.id(), call.createdAt(), i + 1));
            assertThat(body.get("sequence")).isEqualTo(i + 1L);
            Map<?, ?> shown = (Map<?, ?>) ((Map<?, ?>) body.get("data")).get("call");
            assertThat(shown.get("id")).isEqualTo(call.id());
            assertThat(shown.get("status")).isEqualTo(types.get(i).substring(5).replace('_', '-'));
        }
        assertThat(poll(() -> receiver.received().size(), 5)).isTrue();
        assertThat(receiver.received()).allSatisfy(r -> assertThat(r.verifiesWith(endpoint.secret())).isTrue());
        assertThat(receiver.received()).extracting(r -> r.header("webhook-id")).containsExactlyInAnyOrderElementsOf(
                history.stream().map(StoredEvent::id).toList());
        assertThat(store.pendingEvents(0, now().plusSeconds(3600), 10)).isEmpty();
    }

    /**
     * 200 calls' lifecycles at once (four writers): every status of every call reaches the endpoint exactly once,
     * signed, when it answers 2xx.
     */
    @Test
    void aBurstOf200Calls_deliversEveryStatusOfEveryCall_once() throws Exception {
        WebhookReceiver receiver = receiver();
        wire();
        CreatedWebhookEndpoint endpoint = pipeline.register(OWNER, receiver.url("/"), null);
        java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<String>> placed = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String id = "call_" + com.cordiul.core.SortableId.system().next();
            placed.add(writers.submit(() -> {
                CallRecord call = create(id);
                Instant t0 = call.createdAt();
                for (CallEvent fact : List.of(CallEvent.dialAccepted(t0, "tx-" + id), CallEvent.queued(t0),
                        CallEvent.ringing(t0.plusMillis(1)), CallEvent.answered(t0.plusMillis(2)),
                        CallEvent.hangup(t0.plusMillis(3), 0))) {
                    apply(call, r -> machine.apply(r, fact));
                }
                return id;
            }));
        }
        java.util.Set<String> calls = new java.util.HashSet<>();
        for (java.util.concurrent.Future<String> call : placed) {
            calls.add(call.get());
        }
        writers.shutdown();

        assertThat(receiver.await(r -> true, 1000, Duration.ofMinutes(4))).isTrue();
        Map<String, List<String>> byCall = new java.util.HashMap<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (WebhookReceiver.Received r : receiver.received()) {
            assertThat(r.verifiesWith(endpoint.secret())).isTrue();
            assertThat(ids.add(r.header("webhook-id"))).as("delivered once: " + r).isTrue();
            Map<?, ?> body = (Map<?, ?>) Json.parse(r.body());
            String callId = (String) ((Map<?, ?>) ((Map<?, ?>) body.get("data")).get("call")).get("id");
            byCall.computeIfAbsent(callId, c -> new ArrayList<>()).add(body.get("sequence") + " " + body.get("type"));
        }
        assertThat(byCall.keySet()).isEqualTo(calls);
        assertThat(byCall.values()).allSatisfy(types -> assertThat(types).containsExactlyInAnyOrder(
                "1 call.initiating", "2 call.queued", "3 call.ringing", "4 call.in_progress", "5 call.completed"));
    }

    /** The facts of one call in random orders, with duplicates, through the store: the rule holds stored. */
    @Test
    void anyOrderOfFacts_storesOneEventPerStatusShown_inStrictlyIncreasingSequence() {
        wire();
        Random random = new Random(13);
        for (int round = 0; round < 12; round++) {
            CallRecord call = create("call_01JN8F0Q2W7R5T3Y9V6X4Z8B" + (char) ('A' + round) + "0");
            Instant t0 = call.createdAt();
            List<CallEvent> facts = new ArrayList<>(List.of(CallEvent.queued(t0.plusMillis(100)),
                    CallEvent.ringing(t0.plusMillis(900)), CallEvent.hangup(t0.plusMillis(30_000),
                            random.nextBoolean() ? 0 : 486)));
            if (random.nextBoolean()) {
                facts.add(CallEvent.answered(t0.plusMillis(4_000)));
            }
            facts.add(facts.get(random.nextInt(facts.size())));
            Collections.shuffle(facts, random);
            List<String> shown = new ArrayList<>(List.of(call.status().value()));
            for (CallEvent fact : facts) {
                CallRecord after = apply(call, r -> machine.apply(r, fact));
                if (!after.status().value().equals(shown.get(shown.size() - 1))) {
                    shown.add(after.status().value());
                }
            }
            List<StoredEvent> history = history(call);
            assertThat(history).extracting(e -> e.type().substring(5).replace('_', '-'))
                    .as("round %d, facts %s", round, facts).containsExactlyElementsOf(shown);
            for (int i = 0; i < history.size(); i++) {
                assertThat(((Map<?, ?>) Json.parse(history.get(i).body())).get("sequence")).isEqualTo(i + 1L);
            }
        }
    }

    /**
     * The writer dies right after storing the status change: the reconciler publishes the event after its grace,
     * from the record the change was written with, and it is delivered once.
     */
    @Test
    void aWriterThatDiesAfterTheStatusWrite_isPublishedByTheReconciler_once() {
        WebhookReceiver receiver = receiver();
        wire();
        pipeline.register(OWNER, receiver.url("/"), null);
        CallRecord call = create("call_01JN8F0Q2W7R5T3Y9V6X4Z8B2D");
        assertThat(receiver.await(r -> true, 1, DEADLINE)).isTrue();
        pipeline.crashAt(PipelineStep.STATUS_WRITTEN);

        assertThatThrownBy(() -> apply(call, r -> machine.apply(r, CallEvent.queued(now()))))
                .isInstanceOf(Pipeline.SimulatedCrash.class);
        assertThat(history(call)).hasSize(1);
        StatusEventReconciler reconciler = new StatusEventReconciler(store, pipeline.clock);
        assertThat(reconciler.run()).as("within the grace period").isZero();

        pipeline.clock.advance(StatusEventReconciler.GRACE.plusSeconds(1));
        assertThat(reconciler.run()).isEqualTo(1);
        assertThat(reconciler.run()).isZero();

        String id = StatusEvents.id(call.id(), call.createdAt(), 2);
        assertThat(receiver.await(r -> id.equals(r.header("webhook-id")), 1, DEADLINE)).isTrue();
        assertThat(history(call)).extracting(StoredEvent::type).containsExactly("call.initiating", "call.queued");
        assertThat(receiver.received()).extracting(r -> r.header("webhook-id")).containsExactly(
                StatusEvents.id(call.id(), call.createdAt(), 1), id);
    }

    /**
     * The writer dies after the status write and the call moves on before the reconciler runs: the next writer
     * publishes the marked event first, with the call as it was then (a snapshot, not the call as it is later).
     */
    @Test
    void aLaterWriter_publishesTheMarkedEventFirst_asTheCallWasAtItsChange() {
        WebhookReceiver receiver = receiver();
        wire();
        pipeline.register(OWNER, receiver.url("/"), null);
        CallRecord call = create("call_01JN8F0Q2W7R5T3Y9V6X4Z8B3E");
        pipeline.crashAt(PipelineStep.STATUS_WRITTEN);
        Instant answered = now();
        assertThatThrownBy(() -> apply(call, r -> machine.apply(r, CallEvent.answered(answered))))
                .isInstanceOf(Pipeline.SimulatedCrash.class);

        apply(call, r -> machine.apply(r, CallEvent.hangup(answered.plusSeconds(20), 0)));

        assertThat(receiver.await(r -> true, 3, DEADLINE)).isTrue();
        List<StoredEvent> history = history(call);
        assertThat(history).extracting(StoredEvent::type).containsExactly("call.initiating", "call.in_progress",
                "call.completed");
        Map<?, ?> inProgress = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) Json.parse(history.get(1).body()))
                .get("data")).get("call");
        assertThat(inProgress.get("ended_at")).isNull();
        assertThat(inProgress.get("duration")).isNull();
        assertThat(new StatusEventReconciler(store, pipeline.clock).run()).isZero();
    }

    /**
     * The writer dies after the event is recorded (before its fan-out is queued) or after it was published (before
     * its mark is cleared): the pipeline's reconciler fans the recorded event out, the call's reconciler publishes
     * it again under the same id, and it is delivered once.
     */
    @ParameterizedTest
    @EnumSource(value = PipelineStep.class, names = {"EVENT_RECORDED", "EVENT_PUBLISHED"})
    void aWriterThatDiesWhilePublishing_deliversTheEventOnce(PipelineStep step) {
        WebhookReceiver receiver = receiver();
        wire();
        pipeline.register(OWNER, receiver.url("/"), null);
        CallRecord call = create("call_01JN8F0Q2W7R5T3Y9V6X4Z8B4F");
        assertThat(receiver.await(r -> true, 1, DEADLINE)).isTrue();
        pipeline.crashAt(step);

        assertThatThrownBy(() -> apply(call, r -> machine.apply(r, CallEvent.queued(now()))))
                .isInstanceOf(Pipeline.SimulatedCrash.class);
        pipeline.clock.advance(DeliveryReconciler.FAN_OUT_GRACE.plusSeconds(1));
        new StatusEventReconciler(store, pipeline.clock).run();
        pipeline.reconciler.run();

        String id = StatusEvents.id(call.id(), call.createdAt(), 2);
        assertThat(receiver.await(r -> id.equals(r.header("webhook-id")), 1, DEADLINE)).isTrue();
        assertThat(poll(() -> pipeline.events.get(OWNER, id).get().pending(), false)).isTrue();
        assertThat(history(call)).extracting(StoredEvent::type).containsExactly("call.initiating", "call.queued");
        assertThat(receiver.received()).extracting(r -> r.header("webhook-id")).containsExactly(
                StatusEvents.id(call.id(), call.createdAt(), 1), id);
        assertThat(store.pendingEvents(0, now().plusSeconds(3600), 10)).isEmpty();
    }

    /**
     * An attempt that fails (the endpoint answers 500) is retried with the same id; deaths mid-delivery are
     * {@link CrashRecoveryTest}'s, the same pipeline.
     */
    @Test
    void aFailedDelivery_isRetriedWithTheSameId() {
        WebhookReceiver receiver = receiver().answering(r -> r.index() == 0 ? 500 : 200);
        wire();
        pipeline.register(OWNER, receiver.url("/"), null);
        CallRecord call = create("call_01JN8F0Q2W7R5T3Y9V6X4Z8B5G");

        assertThat(receiver.await(r -> true, 2, DEADLINE)).isTrue();
        String id = StatusEvents.id(call.id(), call.createdAt(), 1);
        assertThat(receiver.received()).extracting(r -> r.header("webhook-id")).containsOnly(id);
    }

    private void wire() {
        pipeline = new Pipeline(STORE.client(), QUEUES.client(), Map.of(Pipeline.EVENTS,
                QUEUES.queueUrl(Pipeline.EVENTS), Pipeline.DELIVERIES, QUEUES.queueUrl(Pipeline.DELIVERIES)),
                new Pipeline.Settings());
        open.add(0, pipeline);
        store = new CallStore(STORE.client(), "CallsTable", CallTransitions.NONE,
                new CallEventPublisher(() -> pipeline.publisher), pipeline.clock, pipeline.crash);
    }

    private CallRecord create(String id) {
        CallRecord call = CallRecord.initiating(OWNER, id, "contact_1", "+12025550100", "+12025550199", null,
                now());
        assertThat(store.create(call)).isTrue();
        return call;
    }

    private CallRecord apply(CallRecord call, UnaryOperator<CallRecord> change) {
        return store.update(call.owner(), call.id(), change).orElseThrow();
    }

    private List<StoredEvent> history(CallRecord call) {
        return pipeline.events.withPrefix(OWNER, StatusEvents.prefix(call.id(), call.createdAt()), 100);
    }

    private Instant now() {
        return pipeline.clock.instant();
    }

    private WebhookReceiver receiver() {
        WebhookReceiver receiver = WebhookReceiver.start();
        open.add(receiver);
        return receiver;
    }
}
