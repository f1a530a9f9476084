package com.cordiul.webhooks.delivery;

import com.cordiul.core.JsonWritable;
import com.cordiul.core.SortableId;
import com.cordiul.identity.Caller;
import com.cordiul.identity.Permission;
import com.cordiul.local.elasticmq.QueueSpec;
import com.cordiul.queue.BatchProcessor;
import com.cordiul.queue.QueueMessage;
import com.cordiul.webhooks.CreatedWebhookEndpoint;
import com.cordiul.webhooks.DeliveryLog;
import com.cordiul.webhooks.NewWebhookEndpoint;
import com.cordiul.webhooks.WebhookEndpointService;
import com.cordiul.webhooks.WebhookEndpointStore;
import com.cordiul.webhooks.WebhookSecret;
import com.cordiul.webhooks.url.HostResolver;
import com.cordiul.webhooks.url.WebhookAddressGuard;
import com.cordiul.webhooks.url.WebhookUrlPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The webhook pipeline wired as its functions wire it, over a real dynalite and a real ElasticMQ, with pollers that
 * play the two SQS event source mappings (receive a batch, handle it with the functions' own batch processor, delete
 * what succeeded, leave the rest to come back after the visibility timeout; a crash fails the whole batch). Its clock
 * is the real one plus an offset a test moves forward, so that SQS's real delays and the pipeline's leases and due
 * times agree, and a test can still jump past a lease. Retry waits are seconds instead of hours.
 */
final class Pipeline implements AutoCloseable {

    static final String EVENTS = "webhook-events";
    static final String DELIVERIES = "webhook-deliveries";
    static final List<Duration> QUICK_WAITS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(1),
            Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2),
            Duration.ofSeconds(2));
    static final List<Duration> QUICK_CIRCUIT = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(3));

    /** The queues, as the template declares them, with a short visibility timeout. */
    static QueueSpec[] queues() {
        return new QueueSpec[] {
            QueueSpec.standard(EVENTS).withVisibilityTimeout(Duration.ofSeconds(2)),
            QueueSpec.standard(DELIVERIES).withVisibilityTimeout(Duration.ofSeconds(2))
        };
    }

    /** What a test changes of the wiring. */
    static final class Settings {
        HostResolver resolver = host -> {
            throw new java.net.UnknownHostException(host);
        };
        Connector connector = Connector.system();
        SSLContext tls = defaultTls();
        Duration httpTimeout = Duration.ofSeconds(3);
        int endpointConcurrency = 10;
        int pollers = 3;
        Clock clock;
        List<Duration> waits = QUICK_WAITS;
        List<Duration> circuit = QUICK_CIRCUIT;
    }

    /** A simulated death of the function at a pipeline step. */
    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(PipelineStep step) {
            super("simulated crash at " + step, null, false, false);
        }
    }

    final ShiftedClock clock = new ShiftedClock();
    final WebhookEndpointService endpoints;
    final WebhookEndpointStore endpointStore;
    final EventStore events;
    final DeliveryStore deliveries;
    final DeliveryLog log;
    final WebhookEvents publisher;
    final FanOut fanOut;
    final DeliveryWorker worker;
    final DeliveryReconciler reconciler;
    final List<PipelineStep> reached = new CopyOnWriteArrayList<>();
    /** Where the pipeline's functions die when told to ({@link #crashAt}): the call side's too. */
    final CrashPoint crash;
    private final AtomicReference<PipelineStep> crashAt = new AtomicReference<>();
    private final SqsClient sqs;
    private final String eventsUrl;
    private final String deliveriesUrl;
    private final List<Thread> pollers = new ArrayList<>();
    private final BatchProcessor batches = BatchProcessor.withThreads(10);
    private final SortableId ids = SortableId.system();
    private volatile boolean running;

    Pipeline(DynamoDbClient dynamoDb, SqsClient sqs, Map<String, String> queueUrls, Settings settings) {
        this.sqs = sqs;
        this.eventsUrl = queueUrls.get(EVENTS);
        this.deliveriesUrl = queueUrls.get(DELIVERIES);
        Clock time = settings.clock != null ? settings.clock : clock;
        crash = step -> {
            reached.add(step);
            if (crashAt.compareAndSet(step, null)) {
                throw new SimulatedCrash(step);
            }
        };
        WebhookAddressGuard guard = new WebhookAddressGuard(settings.resolver);
        endpointStore = new WebhookEndpointStore(dynamoDb, "WebhookEndpointsTable");
        endpoints = new WebhookEndpointService(endpointStore, guard, WebhookSecret.secure(), ids, time);
        events = new EventStore(dynamoDb, "WebhookEventsTable");
        deliveries = new DeliveryStore(dynamoDb, "WebhookDeliveriesTable");
        log = new DeliveryLog(dynamoDb, "WebhookDeliveriesTable");
        WebhookQueue deliveryQueue = new WebhookQueue(sqs, deliveriesUrl);
        publisher = new WebhookEvents(events, new WebhookQueue(sqs, eventsUrl), time, crash);
        fanOut = new FanOut(events, endpointStore, deliveries, deliveryQueue, time, crash);
        worker = new DeliveryWorker(deliveries, endpointStore, events, log,
                new DeliveryWorker.Delivering(new WebhookUrlPolicy(true), guard,
                        new WebhookHttpClient(settings.connector, settings.tls, settings.httpTimeout)),
                deliveryQueue, new RetrySchedule(settings.waits, settings.circuit, new Random()), time,
                settings.endpointConcurrency, crash);
        reconciler = new DeliveryReconciler(events, deliveries, fanOut, deliveryQueue, time);
        running = true;
        for (int i = 0; i < settings.pollers; i++) {
            pollers.add(poll(eventsUrl, message -> FanOutMessage.parse(message.body())
                    .ifPresent(m -> fanOut.fanOut(m.owner(), m.eventId()))));
            pollers.add(poll(deliveriesUrl, message -> DeliveryMessage.parse(message.body())
                    .ifPresent(worker::deliver)));
        }
    }

    /**
     * Plays one event source mapping by hand (for a pipeline without pollers): handles every message that becomes
     * visible within {@code wait}, one at a time; returns how many.
     */
    int drain(String queue, Duration wait) {
        String url = queue.equals(EVENTS) ? eventsUrl : deliveriesUrl;
        int handled = 0;
        long end = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < end) {
            var received = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1));
            for (var message : received.messages()) {
                if (queue.equals(EVENTS)) {
                    FanOutMessage.parse(message.body()).ifPresent(m -> fanOut.fanOut(m.owner(), m.eventId()));
                } else {
                    DeliveryMessage.parse(message.body()).ifPresent(worker::deliver);
                }
                sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(message.receiptHandle()));
                handled++;
            }
        }
        return handled;
    }

    /** The function dies the next time the pipeline reaches this step. */
    void crashAt(PipelineStep step) {
        crashAt.set(step);
    }

    /** Registers an endpoint for the owner with a session's rights. */
    CreatedWebhookEndpoint register(String owner, String url, List<String> events) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("url", url);
        if (events != null) {
            body.put("events", events);
        }
        return endpoints.create(session(owner), NewWebhookEndpoint.fromJson(body, new WebhookUrlPolicy(true)));
    }

    /** A call event of the owner, published through the entry point. */
    WebhookEvent publish(String owner, String type, long sequence) {
        WebhookEvent event = event(type, sequence);
        publisher.publish(owner, event);
        return event;
    }

    /** A call event, not published. */
    WebhookEvent event(String type, long sequence) {
        String callId = "call_" + ids.next();
        JsonWritable data = out -> out.field("call", Map.of("id", callId, "status",
                type.substring("call.".length()).replace('_', '-')));
        return new WebhookEvent(WebhookEvent.newId(ids), type, clock.instant(), sequence, data);
    }

    /** A session of the owner: every permission. */
    static Caller session(String owner) {
        return new Caller(owner, Optional.empty(), Permission.all());
    }

    /** The delivery's state, if recorded. */
    Optional<Delivery> delivery(String endpointId, String eventId) {
        return deliveries.get(endpointId, eventId);
    }

    @Override
    public void close() {
        running = false;
        pollers.forEach(Thread::interrupt);
        for (Thread poller : pollers) {
            try {
                poller.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Thread poll(String queueUrl, Consumer<QueueMessage> handler) {
        Thread thread = new Thread(() -> {
            while (running) {
                try {
                    var received = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                            .waitTimeSeconds(1).messageSystemAttributeNames(
                                    MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
                    List<QueueMessage> batch = received.messages().stream().map(m -> new QueueMessage(
                            m.messageId(), m.body(), 1)).toList();
                    if (batch.isEmpty()) {
                        continue;
                    }
                    List<String> failed;
                    try {
                        failed = batches.process(batch, handler);
                    } catch (SimulatedCrash crash) {
                        // The function died: nothing of the batch is deleted, all of it comes back.
                        continue;
                    }
                    List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
                    for (int i = 0; i < batch.size(); i++) {
                        if (!failed.contains(batch.get(i).messageId())) {
                            done.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                                    .receiptHandle(received.messages().get(i).receiptHandle()).build());
                        }
                    }
                    if (!done.isEmpty()) {
                        sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(done));
                    }
                } catch (RuntimeException e) {
                    if (!running) {
                        return;
                    }
                }
            }
        }, "esm-" + queueUrl);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The real time plus an offset the test moves forward. */
    static final class ShiftedClock extends Clock {
        private final AtomicLong offsetMillis = new AtomicLong();

        void advance(Duration duration) {
            offsetMillis.addAndGet(duration.toMillis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plusMillis(offsetMillis.get());
        }
    }
}
