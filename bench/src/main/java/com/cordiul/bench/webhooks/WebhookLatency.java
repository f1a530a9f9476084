package com.cordiul.bench.webhooks;

import com.cordiul.calls.CallEvent;
import com.cordiul.calls.CallEventPublisher;
import com.cordiul.calls.CallRecord;
import com.cordiul.calls.CallStatusMachine;
import com.cordiul.calls.CallStore;
import com.cordiul.calls.CallTransitions;
import com.cordiul.calls.StatusEvents;
import com.cordiul.core.JsonWritable;
import com.cordiul.core.SortableId;
import com.cordiul.identity.Caller;
import com.cordiul.identity.Permission;
import com.cordiul.local.runner.LocalOptions;
import com.cordiul.local.runner.LocalStack;
import com.cordiul.webhooks.NewWebhookEndpoint;
import com.cordiul.webhooks.WebhookEndpointService;
import com.cordiul.webhooks.WebhookEndpointStore;
import com.cordiul.webhooks.WebhookSecret;
import com.cordiul.webhooks.delivery.CrashPoint;
import com.cordiul.webhooks.delivery.EventStore;
import com.cordiul.webhooks.delivery.WebhookEvent;
import com.cordiul.webhooks.delivery.WebhookEvents;
import com.cordiul.webhooks.delivery.WebhookQueue;
import com.cordiul.webhooks.url.WebhookAddressGuard;
import com.cordiul.webhooks.url.WebhookUrlPolicy;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;

/**
 * Publish-to-delivered latency of webhooks on the local stack: {@code bench/webhooks [--events N] [--interval-ms M]
 * [--status-changes]}.
 * Starts the template's stack (dynalite, ElasticMQ, the runner's SQS event source mappings, every function from its
 * jar), a receiver on loopback answering 204, one endpoint pointed at it; publishes a warm-up round, then N events one
 * every M milliseconds through {@code WebhookEvents.publish} and times each from the publish call to its arrival at
 * the receiver (both on this JVM's clock). Prints p50, p99 and the maximum. The path measured: a conditional write
 * and a message, the dispatcher's invocation (a read, a query, two updates, a put and a send), the delivery
 * function's (a claim, a lease, a read, the POST, three writes), and two SQS long polls. With
 * {@code --status-changes} each event is a real call's status change instead: a call recorded through the call store
 * (its {@code call.initiating} is not timed), then its {@code queued} fact applied, timed from the start of that
 * update (the read, the conditional write with the outbox mark, the publish, the mark's clear) to the arrival of its
 * {@code call.queued}: status change to delivered.
 */
public final class WebhookLatency {

    private WebhookLatency() {
    }

    public static void main(String[] args) throws Exception {
        int events = 200;
        long intervalMillis = 50;
        boolean statusChanges = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> events = Integer.parseInt(args[++i]);
                case "--interval-ms" -> intervalMillis = Long.parseLong(args[++i]);
                case "--status-changes" -> statusChanges = true;
                default -> throw new IllegalArgumentException("Unknown option " + args[i]
                        + " (use --events N, --interval-ms M, --status-changes)");
            }
        }
        Path root = Path.of(System.getProperty("cordiul.root", "."));
        Map<String, Long> arrived = new ConcurrentHashMap<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        receiver.createContext("/", exchange -> {
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            exchange.getRequestBody().readAllBytes();
            if (id != null) {
                arrived.putIfAbsent(id, System.nanoTime());
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.setExecutor(Executors.newCachedThreadPool());
        receiver.start();
        LocalOptions options = LocalOptions.defaults(root.resolve("template.yaml")).withPort(0)
                .withDynamoDataDir(null).withWorkDir(Files.createTempDirectory("bench-webhooks"))
                .withParameter("WebhookAllowLocalhost", "true").withParameter("DefaultFromNumber", "+12025550199");
        try (LocalStack stack = LocalStack.start(options)) {
            WebhookEvents publisher = wire(stack, receiver.getAddress().getPort());
            SortableId ids = SortableId.system();
            IntFunction<Fired> fire = statusChanges ? statusChange(stack, publisher, ids) : i -> {
                JsonWritable data = out -> out.field("call", Map.of("id", "call_bench", "status", "ringing"));
                WebhookEvent event = new WebhookEvent(WebhookEvent.newId(ids), "call.ringing",
                        Clock.systemUTC().instant(), i, data);
                long at = System.nanoTime();
                publisher.publish("bench", event);
                return new Fired(event.id(), at);
            };
            run(fire, arrived, 20, intervalMillis);
            List<Long> latencies = run(fire, arrived, events, intervalMillis);
            report(latencies, events, statusChanges ? "status change" : "publish");
        } finally {
            receiver.stop(0);
        }
    }

    private static WebhookEvents wire(LocalStack stack, int port) {
        Map<String, String> env = stack.environment("WebhookDispatcherFunction");
        WebhookEndpointService endpoints = new WebhookEndpointService(new WebhookEndpointStore(stack.dynamoDb(),
                env.get("WEBHOOK_ENDPOINTS_TABLE")), new WebhookAddressGuard(host -> {
                    throw new java.net.UnknownHostException(host);
                }), WebhookSecret.secure(), SortableId.system(), Clock.systemUTC());
        endpoints.create(new Caller("bench", Optional.empty(), Permission.all()), NewWebhookEndpoint.fromJson(
                Map.of("url", "http://127.0.0.1:" + port + "/bench"), new WebhookUrlPolicy(true)));
        return new WebhookEvents(new EventStore(stack.dynamoDb(), env.get("WEBHOOK_EVENTS_TABLE")),
                new WebhookQueue(stack.sqs(), stack.queueUrl("WebhookEventQueue")), Clock.systemUTC(),
                CrashPoint.none());
    }

    /** Records a call (not timed) and applies its queued fact; the id of the call.queued event it emits. */
    private static IntFunction<Fired> statusChange(LocalStack stack, WebhookEvents publisher, SortableId ids) {
        CallStore calls = new CallStore(stack.dynamoDb(), stack.environment("GetCallFunction").get("CALLS_TABLE"),
                CallTransitions.NONE, new CallEventPublisher(() -> publisher), Clock.systemUTC(), CrashPoint.none());
        CallStatusMachine machine = new CallStatusMachine();
        return i -> {
            CallRecord call = CallRecord.initiating("bench", "call_" + ids.next(), "contact_bench", "+12025550123",
                    "+12025550199", null, Clock.systemUTC().instant());
            calls.create(call);
            long at = System.nanoTime();
            calls.update(call.owner(), call.id(), r -> machine.apply(r, CallEvent.queued(Clock.systemUTC().instant())));
            return new Fired(StatusEvents.id(call.id(), call.createdAt(), 2), at);
        };
    }

    /** An event set off: its id, and when its timing starts (System.nanoTime). */
    private record Fired(String eventId, long at) {
    }

    private static List<Long> run(IntFunction<Fired> fire, Map<String, Long> arrived, int count,
                                  long intervalMillis) throws InterruptedException {
        Map<String, Long> sent = new ConcurrentHashMap<>();
        for (int i = 0; i < count; i++) {
            Fired fired = fire.apply(i);
            sent.put(fired.eventId(), fired.at());
            Thread.sleep(intervalMillis);
        }
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!arrived.keySet().containsAll(sent.keySet()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        List<Long> latencies = new ArrayList<>();
        sent.forEach((id, at) -> {
            Long received = arrived.get(id);
            if (received != null) {
                latencies.add((received - at) / 1_000_000);
            }
        });
        Collections.sort(latencies);
        return latencies;
    }

    private static void report(List<Long> latencies, int events, String from) {
        if (latencies.isEmpty()) {
            System.out.println("webhooks: no event delivered of " + events);
            return;
        }
        System.out.printf("webhooks: %d of %d events delivered; %s to delivered p50 %d ms, p99 %d ms, max %d ms%n",
                latencies.size(), events, from, percentile(latencies, 50), percentile(latencies, 99),
                latencies.get(latencies.size() - 1));
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
