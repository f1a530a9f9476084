package com.cordiul.dialer;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.calls.CallEvent;
import com.cordiul.calls.CallQueries;
import com.cordiul.calls.CallRecord;
import com.cordiul.calls.CallStatusMachine;
import com.cordiul.calls.CallStore;
import com.cordiul.chime.ChimeDialer;
import com.cordiul.chime.ThrottleRetry;
import com.cordiul.core.Json;
import com.cordiul.dialqueue.DialMessage;
import com.cordiul.dialqueue.DialQueue;
import com.cordiul.dialqueue.QueueDepth;
import com.cordiul.local.elasticmq.QueueSpec;
import com.cordiul.local.voice.AcceptedDial;
import com.cordiul.local.voice.ChimeQuotas;
import com.cordiul.local.voice.DialStats;
import com.cordiul.local.voice.VoiceSimulator;
import com.cordiul.testing.LocalQueues;
import com.cordiul.testing.TemplateStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Isolated;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Several dialer instances at once, each taking one message at a time from the real FIFO queue as the event source
 * mapping does (receive, invoke the batch handler, delete what it did not keep), against one pacer item, with the
 * voice simulator counting and refusing nothing: only the pacer keeps the dials under the quota. Calls end a moment
 * after they are placed, as Chime's HANGUP records them.
 */
// Its checks ride on timing (paced dials, leases against redeliveries): it runs alone, after the others.
@Isolated
class DialPipelineTest {

    private static final String FROM = "+12025550199";
    @RegisterExtension
    static final TemplateStore STORE = new TemplateStore();
    @RegisterExtension
    static final LocalQueues QUEUES = new LocalQueues(QueueSpec.fifo("DialQueue.fifo")
            .withVisibilityTimeout(Duration.ofSeconds(30)), QueueSpec.standard("DialQueueStandard")
            .withVisibilityTimeout(Duration.ofSeconds(30)));
    private static VoiceSimulator simulator;
    private static ChimeSdkVoiceClient chime;
    /** The simulated account's SIP media application: Chime places calls only through one it has. */
    private static String smaId;

    @BeforeAll
    static void startChime() {
        simulator = new VoiceSimulator().withInventory(List.of(FROM)).withQuotas(ChimeQuotas.off()).start(0);
        smaId = simulator.sipMediaApplications().create("us-east-1", "calls",
                List.of("arn:aws:lambda:us-east-1:123456789012:function:CallStatus:live")).id();
        chime = CallDialerTest.chime(simulator.endpoint());
    }

    @AfterAll
    static void stopChime() {
        chime.close();
        simulator.close();
    }

    @Test
    void fourDialersAndThreeOwners_dialEveryCallOnce_neverOverTheRateNorTheActiveCalls() throws Exception {
        Clock clock = Clock.systemUTC();
        PacerSettings settings = PacerSettings.of(10, 3);
        DialPacer pacer = new DialPacer(STORE.client(), "DialControlTable", clock, settings);
        QueueDepth depth = new QueueDepth(STORE.client(), "DialControlTable", clock, 10_000,
                new CallQueries(STORE.client(), "CallsTable")::countWaiting);
        CallStore store = new CallStore(STORE.client(), "CallsTable", new DialTransitions(() -> pacer, () -> depth));
        DialQueue queue = new DialQueue(QUEUES.client(), QUEUES.queueUrl("DialQueue.fifo"));
        ThrottleRetry.Sleeper sleeper = d -> Thread.sleep(d.toMillis());
        DialBatch batch = new DialBatch(new CallDialer(store, pacer, depth, queue, new ChimeDialer(chime, smaId,
                new ThrottleRetry(1, n -> Duration.ZERO, sleeper)), clock, sleeper, DialSettings.standard()), queue);
        Set<String> ids = new HashSet<>();
        Map<String, Integer> campaign = Map.of("owner-big", 8, "owner-mid", 4, "owner-small", 2);
        campaign.forEach((owner, n) -> {
            for (int i = 0; i < n; i++) {
                String id = "call_" + owner + "_" + i;
                depth.admit(owner);
                queue.send(DialMessage.of(owner, id));
                store.create(CallRecord.initiating(owner, id, "c", "+12025550100", FROM, null, clock.instant()));
                ids.add(id);
            }
        });

        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(5);
        List<Future<?>> workers = new ArrayList<>();
        try {
            for (int w = 0; w < 4; w++) {
                workers.add(pool.submit(() -> {
                    while (running.get()) {
                        pollOnce(batch);
                    }
                    return null;
                }));
            }
            workers.add(pool.submit(() -> {
                endCallsAfterAMoment(store, running);
                return null;
            }));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (simulator.stats().placed() < ids.size() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } finally {
            running.set(false);
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        DialStats stats = simulator.stats();
        assertThat(stats.placed()).isEqualTo(ids.size());
        ids.forEach(id -> assertThat(stats.placedFor(id)).as(id).isEqualTo(1));
        assertThat(simulator.maxDialsInAnyWindow(Duration.ofSeconds(1))).isLessThanOrEqualTo(10);
        assertThat(stats.peakActiveCalls()).isLessThanOrEqualTo(3);
        campaign.keySet().forEach(owner -> assertThat(depth.depth(owner)).isZero());
    }

    /**
     * The choice of queue, measured: a campaign of 20 calls queued before another owner's single call, dialed by
     * three instances at 10 per second. On the FIFO queue the single call is dialed within the campaign's next few
     * calls (its group is received at once, beside the campaign's), and only a group's head is ever received, so each
     * call is received about once. On a standard queue the single call waits until the receives reach it behind the
     * campaign, and every waiting message is received again and again (each refusal puts it back): a cost that
     * grows with the size of the campaign.
     */
    @Test
    void theFifoQueue_dialsTheSingleCallWithinAFewDials_andWaitsWithoutChurning_unlikeAStandardQueue()
            throws Exception {
        Fairness fifo = fairness("DialQueue.fifo");
        Fairness standard = fairness("DialQueueStandard");

        System.out.printf("fairness: FIFO: small call after %d campaign dials, %.2f receives per dial; "
                + "standard: after %d, %.2f%n", fifo.campaignDialsBefore(), fifo.receivesPerDial(),
                standard.campaignDialsBefore(), standard.receivesPerDial());
        assertThat(fifo.campaignDialsBefore()).isLessThanOrEqualTo(3);
        assertThat(fifo.receivesPerDial()).isLessThan(2);
        assertThat(standard.receivesPerDial()).isGreaterThan(2 * fifo.receivesPerDial());
    }

    /**
     * How long a small owner's call waits behind a campaign, in campaign dials, and what the wait costs, in receives.
     *
     * @param campaignDialsBefore campaign calls dialed after the small call was queued and before it was dialed
     * @param receivesPerDial messages received for every call dialed
     */
    record Fairness(int campaignDialsBefore, double receivesPerDial) {
    }

    private Fairness fairness(String queueName) throws Exception {
        STORE.client().deleteItem(b -> b.tableName("DialControlTable").key(Map.of("pk",
                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("pacer"))));
        simulator.reset();
        Clock clock = Clock.systemUTC();
        DialPacer pacer = new DialPacer(STORE.client(), "DialControlTable", clock, PacerSettings.of(10, 100));
        QueueDepth depth = new QueueDepth(STORE.client(), "DialControlTable", clock, 10_000,
                new CallQueries(STORE.client(), "CallsTable")::countWaiting);
        CallStore store = new CallStore(STORE.client(), "CallsTable", new DialTransitions(() -> pacer, () -> depth));
        DialQueue queue = new DialQueue(QUEUES.client(), QUEUES.queueUrl(queueName));
        ThrottleRetry.Sleeper sleeper = d -> Thread.sleep(d.toMillis());
        DialBatch batch = new DialBatch(new CallDialer(store, pacer, depth, queue, new ChimeDialer(chime, smaId,
                new ThrottleRetry(1, n -> Duration.ZERO, sleeper)), clock, sleeper, DialSettings.standard()), queue);
        String run = queueName.replace(".", "-");
        for (int i = 0; i < 20; i++) {
            String id = "call_" + run + "_campaign_" + i;
            queue.send(DialMessage.of("owner-campaign-" + run, id));
            store.create(CallRecord.initiating("owner-campaign-" + run, id, "c", "+12025550100", FROM, null,
                    clock.instant()));
        }
        String small = "call_" + run + "_small";
        queue.send(DialMessage.of("owner-small-" + run, small));
        store.create(CallRecord.initiating("owner-small-" + run, small, "c", "+12025550100", FROM, null,
                clock.instant()));

        java.util.concurrent.atomic.AtomicInteger receives = new java.util.concurrent.atomic.AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (int w = 0; w < 3; w++) {
                pool.submit(() -> {
                    while (running.get()) {
                        if (pollOnce(batch, queueName)) {
                            receives.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (simulator.stats().placed() < 21 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } finally {
            running.set(false);
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        List<String> order = simulator.accepted().stream().map(d -> d.arguments().get("call_id")).toList();
        assertThat(order).hasSize(21).contains(small);
        return new Fairness(order.indexOf(small), (double) receives.get() / order.size());
    }

    /** One receive of one message, one invocation, the deletion of what the dialer did not keep: the ESM's cycle. */
    private static void pollOnce(DialBatch batch) {
        pollOnce(batch, "DialQueue.fifo");
    }

    /** {@link #pollOnce(DialBatch)} on that queue; returns whether a message was received. */
    private static boolean pollOnce(DialBatch batch, String queueName) {
        List<Message> received = QUEUES.client().receiveMessage(b -> b.queueUrl(QUEUES.queueUrl(queueName))
                .maxNumberOfMessages(1).waitTimeSeconds(1)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        if (received.isEmpty()) {
            return false;
        }
        Message m = received.get(0);
        Map<MessageSystemAttributeName, String> attributes = m.attributes();
        Map<String, Object> record = Map.of("messageId", m.messageId(), "receiptHandle", m.receiptHandle(),
                "body", m.body(), "attributes", Map.of(
                        "ApproximateReceiveCount", attributes.get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT),
                        "SentTimestamp", attributes.get(MessageSystemAttributeName.SENT_TIMESTAMP)));
        byte[] event = Json.write(Map.of("Records", List.of(record))).getBytes(StandardCharsets.UTF_8);
        DialBatch.Response response = batch.handle(event, () -> Long.MAX_VALUE);
        if (!response.failures().contains(m.messageId())) {
            QUEUES.client().deleteMessage(b -> b.queueUrl(QUEUES.queueUrl(queueName))
                    .receiptHandle(m.receiptHandle()));
        }
        return true;
    }

    /** Chime's part: each placed call rings a little, then its HANGUP is recorded and the account's line freed. */
    private static void endCallsAfterAMoment(CallStore store, AtomicBoolean running) throws InterruptedException {
        CallStatusMachine machine = new CallStatusMachine();
        Map<String, Instant> ending = new ConcurrentHashMap<>();
        Set<String> ended = new HashSet<>();
        while (running.get() || !ending.isEmpty()) {
            for (AcceptedDial dial : simulator.accepted()) {
                ending.computeIfAbsent(dial.transactionId(), tx -> !ended.contains(tx)
                        ? Instant.now().plusMillis(ThreadLocalRandom.current().nextInt(100, 500)) : null);
            }
            for (AcceptedDial dial : simulator.accepted()) {
                Instant at = ending.get(dial.transactionId());
                if (at != null && Instant.now().isAfter(at)) {
                    String owner = dial.arguments().get("owner");
                    String id = dial.arguments().get("call_id");
                    store.update(owner, id, r -> machine.apply(machine.apply(r, CallEvent.dialAccepted(Instant.now(),
                            dial.transactionId())), CallEvent.hangup(Instant.now(), 0)));
                    simulator.callEnded(dial.transactionId());
                    ending.remove(dial.transactionId());
                    ended.add(dial.transactionId());
                }
            }
            Thread.sleep(10);
        }
    }
}
