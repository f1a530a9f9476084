package com.cordiul.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.logging.Log;
import com.cordiul.testing.LocalQueues;
import com.cordiul.testing.MutableClock;
import com.cordiul.testing.TemplateStore;
import com.cordiul.testing.WebhookReceiver;
import com.cordiul.webhooks.CreatedWebhookEndpoint;
import com.cordiul.webhooks.DeliveryAttempt;
import com.cordiul.webhooks.WebhookEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DeliveryPipelineTest {

    @RegisterExtension
    static final TemplateStore STORE = new TemplateStore();
    @RegisterExtension
    static final LocalQueues QUEUES = new LocalQueues(Pipeline.queues());

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final List<AutoCloseable> open = new ArrayList<>();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
        Log.redirect(System.out);
    }

    @Test
    void aPublishedEvent_isDeliveredOnce_signedAsTheStandardSays_andLogged() {
        WebhookReceiver receiver = receiver();
        Pipeline pipeline = pipeline(new Pipeline.Settings());
        CreatedWebhookEndpoint endpoint = pipeline.register("owner_a", receiver.url("/hooks?source=cordiul"), null);

        WebhookEvent event = pipeline.publish("owner_a", "call.queued", 1);

        assertThat(receiver.await(r -> true, 1, DEADLINE)).isTrue();
        WebhookReceiver.Received got = receiver.received().get(0);
        assertThat(got.verifiesWith(endpoint.secret())).isTrue();
        assertThat(got.header("webhook-id")).isEqualTo(event.id());
        assertThat(got.header("content-type")).isEqualTo("application/json");
        assertThat(got.header("user-agent")).contains("Cordiul");
        assertThat(got.path()).isEqualTo("/hooks?source=cordiul");
        assertThat(got.body()).isEqualTo(event.body()).startsWith("{\"id\":\"" + event.id() + "\",\"type\":"
                + "\"call.queued\",\"created_at\":\"").contains("\"sequence\":1,\"data\":{\"call\":");
        assertThat(poll(() -> pipeline.delivery(endpoint.id(), event.id()).get().state(), DeliveryState.DELIVERED))
                .isTrue();
        List<DeliveryAttempt> attempts = pipeline.log.recent(endpoint.id(), 10);
        assertThat(attempts).singleElement().satisfies(a -> {
            assertThat(a.eventId()).isEqualTo(event.id());
            assertThat(a.type()).isEqualTo("call.queued");
            assertThat(a.attempt()).isEqualTo(1);
            assertThat(a.statusCode()).isEqualTo(200);
            assertThat(a.error()).isNull();
        });
        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void aFiveHundred_isRetried_withTheSameWebhookId_untilA2xx() {
        WebhookReceiver receiver = receiver().answering(r -> r.index() == 0 ? 500 : 200);
        Pipeline pipeline = pipeline(new Pipeline.Settings());
        CreatedWebhookEndpoint endpoint = pipeline.register("owner_a", receiver.url("/"), null);

        WebhookEvent event = pipeline.publish("owner_a", "call.ringing", 2);

        assertThat(receiver.await(r -> true, 2, DEADLINE)).isTrue();
        assertThat(receiver.received()).extracting(r -> r.header("webhook-id")).containsExactly(event.id(), event.id());
        assertThat(receiver.received()).allMatch(r -> r.verifiesWith(endpoint.secret()));
        assertThat(poll(() -> pipeline.delivery(endpoint.id(), event.id()).get().state(), DeliveryState.DELIVERED))
                .isTrue();
        assertThat(pipeline.log.recent(endpoint.id(), 10)).extracting(DeliveryAttempt::attempt,
                DeliveryAttempt::statusCode).containsExactly(org.assertj.core.groups.Tuple.tuple(2, 200),
                org.assertj.core.groups.Tuple.tuple(1, 500));
    }

    @Test
    void aTimeout_isAFailedAttempt_retriedLater() {
        WebhookReceiver receiver = receiver().answering(r -> r.index() == 0 ? WebhookReceiver.HANG : 200);
        Pipeline.Settings settings = new Pipeline.Settings();
        settings.httpTimeout = Duration.ofSeconds(1);
        Pipeline pipeline = pipeline(settings);
        CreatedWebhookEndpoint endpoint = pipeline.register("owner_a", receiver.url("/"), null);

        WebhookEvent event = pipeline.publish("owner_a", "call.in_progress", 3);

        assertThat(poll(() -> pipeline.delivery(endpoint.id(), event.id()).get().state(), DeliveryState.DELIVERED))
                .isTrue();
        List<DeliveryAttempt> attempts = pipeline.log.recent(endpoint.id(), 10);
        assertThat(attempts).extracting(DeliveryAttempt::attempt).containsExactly(2, 1);
        assertThat(attempts.get(1).error()).isEqualTo("timeout");
        assertThat(attempts.get(0).statusCode()).isEqualTo(200);
        assertThat(receiver.received()).extracting(r -> r.header("webhook-id")).containsOnly(event.id());
    }

    @Test
    void aRefusedConnection_isAFailedAttempt_retriedAndLogged() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Pipeline pipeline = pipeline(new Pipeline.Settings());
        CreatedWebhookEndpoint endpoint = pipeline.register("owner_a", "http://127.0.0.1:" + closed + "/", null);

        WebhookEvent event = pipeline.publish("owner_a", "call.failed", 4);

        assertThat(poll(() -> pipeline.log.recent(endpoint.id(), 10).size() >= 2, true)).isTrue();
        assertThat(pipeline.log.recent(endpoint.id(), 10)).allSatisfy(a -> {
            assertThat(a.error()).isEqualTo("connection_refused");
            assertThat(a.eventId()).isEqualTo(event.id());
        });
        assertThat(pipeline.delivery(endpoint.id(), event.id()).get().state()).isEqualTo(DeliveryState.PENDING);
    }

    @Test
    void a410_disablesTheEndpointAtOnce_laterEventsSkipIt_andEnableBringsItBack() {
        WebhookReceiver receiver = receiver().answering(r -> r.index() == 0 ? 410 : 200);
        Pipeline pipeline = pipeline(new Pipeline.Settings());
        CreatedWebhookEndpoint endpoint = pipeline.register("owner_a", receiver.url("/"), null);

        WebhookEvent gone = pipeline.publish("owner_a", "call.queued", 1);

        assertThat(poll(() -> pipeline.delivery(endpoint.id(), gone.id()).get().state(), DeliveryState.FAILED))
                .isTrue();
        WebhookEndpoint stored = pipeline.endpointStore.find("owner_a", endpoint.id()).orElseThrow();
        assertThat(stored.enabled()).isFalse();
        assertThat(stored.disabledReason()).contains("410 Gone").contains("/enable");
        WebhookEvent missed = pipeline.publish("owner_a", "call.ringing", 2);
        assertThat(poll(() -> !pipeline.events.get("owner_a", missed.id()).get().pending(), true)).isTrue();
        assertThat(pipeline.delivery(endpoint.id(), missed.id())).isEmpty();

        pipeline.endpoints.enable(Pipeline.session("owner_a"), endpoint.id());
        WebhookEvent after = pipeline.publish("owner_a", "call.completed", 3);

        assertThat(receiver.await(r -> after.id().equals(r.header("webhook-id")), 1, DEADLINE)).isTrue();
        assertThat(receiver.received()).extracting(r -> r.header("webhook-id")).containsExactly(gone.id(), after.id());
    }

    @Test
    void afterARotation_bothSecretsSignForADay_thenOnlyTheNewOne() {
        WebhookReceiver receiver = receiver();
        Pipeline pipeline = pipeline(new Pipeline.Settings());
        CreatedWebhookEndpoint endpoint = pipeline.register("owner_a", receiver.url("/"), null);
        String old = endpoint.secret();

        String fresh = pipeline.endpoints.rotateSecret(Pipeline.session("owner_a"), endpoint.id()).secret();
        pipeline.publish("owner_a", "call.queued", 1);

        assertThat(receiver.await(r -> true, 1, DEADLINE)).isTrue();
        WebhookReceiver.Received during = receiver.received().get(0);
        assertThat(fresh).isNotEqualTo(old).startsWith("whsec_");
        assertThat(during.header("webhook-signature").split(" ")).hasSize(2);
        assertThat(during.verifiesWith(fresh)).isTrue();
        assertThat(during.verifiesWith(old)).isTrue();

        pipeline.clock.advance(Duration.ofHours(24).plusMinutes(1));
        pipeline.publish("owner_a", "call.ringing", 2);

        assertThat(receiver.await(r -> true, 2, DEADLINE)).isTrue();
        WebhookReceiver.Received after = receiver.received().get(1);
        assertThat(after.header("webhook-signature").split(" ")).hasSize(1);
        assertThat(after.signedWith(fresh)).isTrue();
        assertThat(after.signedWith(old)).isFalse();
    }

    @Test
    void anOwnersEvents_neverReachAnotherOwnersEndpoint() {
        WebhookReceiver alice = receiver();
        WebhookReceiver bob = receiver();
        Pipeline pipeline = pipeline(new Pipeline.Settings());
        CreatedWebhookEndpoint aliceEndpoint = pipeline.register("owner_alice", alice.url("/"), null);
        CreatedWebhookEndpoint bobEndpoint = pipeline.register("owner_bob", bob.url("/"), null);
        Set<String> aliceEvents = new HashSet<>();
        Set<String> bobEvents = new HashSet<>();

        for (int i = 0; i < 5; i++) {
            aliceEvents.add(pipeline.publish("owner_alice", "call.queued", i).id());
            bobEvents.add(pipeline.publish("owner_bob", "call.queued", i).id());
        }

        assertThat(alice.await(r -> true, 5, DEADLINE)).isTrue();
        assertThat(bob.await(r -> true, 5, DEADLINE)).isTrue();
        assertThat(ids(alice)).containsExactlyInAnyOrderElementsOf(aliceEvents);
        assertThat(ids(bob)).containsExactlyInAnyOrderElementsOf(bobEvents);
        assertThat(alice.received()).allMatch(r -> r.verifiesWith(aliceEndpoint.secret())
                && !r.verifiesWith(bobEndpoint.secret()));
    }

    @Test
    void anEndpoint_receivesOnlyTheTypesItSubscribedTo() {
        WebhookReceiver receiver = receiver();
        Pipeline pipeline = pipeline(new Pipeline.Settings());
        pipeline.register("owner_a", receiver.url("/"), List.of("call.completed", "call.busy"));

        pipeline.publish("owner_a", "call.queued", 1);
        WebhookEvent completed = pipeline.publish("owner_a", "call.completed", 2);
        WebhookEvent last = pipeline.publish("owner_a", "call.ringing", 3);

        assertThat(poll(() -> !pipeline.events.get("owner_a", last.id()).get().pending(), true)).isTrue();
        assertThat(receiver.await(r -> true, 1, DEADLINE)).isTrue();
        assertThat(ids(receiver)).containsExactly(completed.id());
    }

    @Test
    void aHostThatResolvesToAPrivateAddressAtDelivery_isNeverConnectedTo_andTheCheckedAddressIsTheOneUsed()
            throws Exception {
        AtomicReference<String> resolvesTo = new AtomicReference<>("93.184.216.34");
        RecordingConnector connector = new RecordingConnector(0);
        Pipeline.Settings settings = new Pipeline.Settings();
        settings.resolver = host -> List.of(InetAddress.getByName(resolvesTo.get()));
        settings.connector = connector;
        Pipeline pipeline = pipeline(settings);
        CreatedWebhookEndpoint endpoint = pipeline.register("owner_a", "https://hooks.example.com/events", null);

        resolvesTo.set("10.20.30.40");
        pipeline.publish("owner_a", "call.queued", 1);

        assertThat(poll(() -> pipeline.log.recent(endpoint.id(), 10).size() >= 2, true)).isTrue();
        assertThat(pipeline.log.recent(endpoint.id(), 10)).allMatch(a -> "address_not_allowed".equals(a.error()));
        assertThat(connector.attempts()).isEmpty();

        resolvesTo.set("93.184.216.35");
        InetSocketAddress checked = new InetSocketAddress(InetAddress.getByName("93.184.216.35"), 443);
        assertThat(poll(() -> !connector.attempts().isEmpty(), true)).isTrue();
        assertThat(connector.attempts()).allMatch(checked::equals);
    }

    @Test
    void anEndpointThatHangs_holdsNoMoreThanItsShareOfWorkers_andAnotherEndpointIsDeliveredMeanwhile() {
        WebhookReceiver stuck = receiver().answering(r -> WebhookReceiver.HANG);
        WebhookReceiver healthy = receiver();
        Pipeline.Settings settings = new Pipeline.Settings();
        settings.endpointConcurrency = 2;
        settings.httpTimeout = Duration.ofMinutes(2);
        Pipeline pipeline = pipeline(settings);
        pipeline.register("owner_slow", stuck.url("/"), null);
        pipeline.register("owner_fast", healthy.url("/"), null);
        Set<String> fast = new HashSet<>();

        for (int i = 0; i < 30; i++) {
            pipeline.publish("owner_slow", "call.queued", i);
            fast.add(pipeline.publish("owner_fast", "call.queued", i).id());
        }

        assertThat(healthy.await(r -> true, 30, DEADLINE)).isTrue();
        assertThat(ids(healthy)).containsExactlyInAnyOrderElementsOf(fast);
        // Every attempt the stuck endpoint got is still held open: it never had more than its two at once.
        assertThat(stuck.hanging()).isEqualTo(2);
        assertThat(stuck.received()).hasSize(2);
        stuck.release();
    }

    @Test
    void aBurstOf200CallsWithFourStatusesEach_deliversEveryEventExactlyOnce_andNoSecretIsLogged() {
        Log.redirect(new PrintStream(logs, true, StandardCharsets.UTF_8));
        WebhookReceiver receiver = receiver();
        Pipeline.Settings settings = new Pipeline.Settings();
        settings.pollers = 4;
        Pipeline pipeline = pipeline(settings);
        CreatedWebhookEndpoint endpoint = pipeline.register("owner_burst", receiver.url("/"), null);
        String rotated = pipeline.endpoints.rotateSecret(Pipeline.session("owner_burst"), endpoint.id()).secret();
        Set<String> published = new HashSet<>();

        for (int call = 0; call < 200; call++) {
            int sequence = 0;
            for (String type : List.of("call.queued", "call.ringing", "call.in_progress", "call.completed")) {
                published.add(pipeline.publish("owner_burst", type, ++sequence).id());
            }
        }

        assertThat(receiver.await(r -> true, 800, Duration.ofMinutes(4))).isTrue();
        Map<String, Long> perId = receiver.received().stream().collect(Collectors.groupingBy(
                r -> r.header("webhook-id"), Collectors.counting()));
        assertThat(perId.keySet()).containsExactlyInAnyOrderElementsOf(published);
        assertThat(perId.values()).allMatch(n -> n == 1);
        assertThat(receiver.received()).allMatch(r -> r.verifiesWith(rotated) && r.verifiesWith(endpoint.secret()));
        String logged = logs.toString(StandardCharsets.UTF_8);
        assertThat(logged).contains("webhook delivery attempted");
        for (String secret : List.of(endpoint.secret(), rotated)) {
            assertThat(logged).doesNotContain(secret).doesNotContain(secret.substring(6, 30));
        }
    }

    @Test
    void anEndpointThatFailedEveryAttemptForFiveDays_isDisabledWithAReason_andItsDeliveriesDropped() {
        MutableClock clock = new MutableClock(Instant.now());
        WebhookReceiver receiver = receiver().answering(r -> 500);
        Pipeline.Settings settings = new Pipeline.Settings();
        settings.clock = clock;
        settings.pollers = 0;
        Pipeline pipeline = pipeline(settings);
        CreatedWebhookEndpoint endpoint = pipeline.register("owner_a", receiver.url("/"), null);
        WebhookEvent first = pipeline.publish("owner_a", "call.queued", 1);
        pipeline.drain(Pipeline.EVENTS, Duration.ofSeconds(1));
        // The delivery queue plays no part here: each attempt is made as a message of it would make it, days apart.
        DeliveryMessage message = new DeliveryMessage(endpoint.id(), first.id());
        pipeline.worker.deliver(message);
        assertThat(pipeline.endpointStore.find("owner_a", endpoint.id()).get().health().failing()).isTrue();

        clock.advance(Duration.ofDays(4));
        pipeline.worker.deliver(message);
        assertThat(pipeline.endpointStore.find("owner_a", endpoint.id()).get().enabled()).isTrue();
        clock.advance(Duration.ofDays(1));
        pipeline.worker.deliver(message);

        WebhookEndpoint disabled = pipeline.endpointStore.find("owner_a", endpoint.id()).orElseThrow();
        assertThat(disabled.enabled()).isFalse();
        assertThat(disabled.disabledReason()).startsWith("Every delivery attempt since").contains("HTTP 500")
                .contains("/enable");
        clock.advance(Duration.ofHours(1));
        pipeline.worker.deliver(message);
        assertThat(pipeline.delivery(endpoint.id(), first.id()).get().state()).isEqualTo(DeliveryState.DROPPED);
        assertThat(pipeline.delivery(endpoint.id(), first.id()).get().outcome()).isEqualTo("endpoint_disabled");
        assertThat(receiver.received()).hasSize(3);
    }

    private WebhookReceiver receiver() {
        WebhookReceiver receiver = WebhookReceiver.start();
        open.add(receiver);
        return receiver;
    }

    private Pipeline pipeline(Pipeline.Settings settings) {
        Pipeline pipeline = new Pipeline(STORE.client(), QUEUES.client(), Map.of(Pipeline.EVENTS,
                QUEUES.queueUrl(Pipeline.EVENTS), Pipeline.DELIVERIES, QUEUES.queueUrl(Pipeline.DELIVERIES)),
                settings);
        open.add(0, pipeline);
        return pipeline;
    }

    private static List<String> ids(WebhookReceiver receiver) {
        return receiver.received().stream().map(r -> r.header("webhook-id")).toList();
    }

    static <T> boolean poll(Supplier<T> value, T expected) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < end) {
            try {
                if (expected.equals(value.get())) {
                    return true;
                }
            } catch (RuntimeException notYet) {
                // Not recorded yet.
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
