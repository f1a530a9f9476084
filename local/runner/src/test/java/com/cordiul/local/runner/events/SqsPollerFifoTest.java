package com.cordiul.local.runner.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.local.elasticmq.ElasticMq;
import com.cordiul.local.elasticmq.QueueSpec;
import com.cordiul.stack.Queue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/**
 * A FIFO mapping's pollers against ElasticMQ: while a group's head is in flight and the rest of the group waits
 * behind it, no receive waits on the queue (ElasticMQ would busy-loop under it), every message still arrives in
 * order, and once the queue is empty the pollers long-poll again.
 */
class SqsPollerFifoTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /** A receive the pollers sent: when, and the wait it asked for. */
    private record Receive(long atNanos, int waitSeconds) {
    }

    private final List<Receive> receives = new CopyOnWriteArrayList<>();
    private final List<String> invoked = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile long headInvokedAt;
    private ElasticMq elasticMq;
    private SqsClient sqs;
    private SqsPoller poller;

    @BeforeEach
    void start() {
        elasticMq = ElasticMq.startInMemory(List.of(QueueSpec.fifo("dial.fifo")
                .withVisibilityTimeout(Duration.ofSeconds(120))));
        sqs = SqsClient.builder().endpointOverride(elasticMq.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(ElasticMq.CREDENTIALS).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        if (context.request() instanceof ReceiveMessageRequest r) {
                            receives.add(new Receive(System.nanoTime(), r.waitTimeSeconds()));
                        }
                    }
                })).build();
        String url = elasticMq.queueUrl("dial.fifo");
        Queue queue = new Queue("DialQueue", "dial.fifo", url, "arn:aws:sqs:us-east-1:000000000000:dial.fifo", true,
                false, Duration.ofSeconds(120), Duration.ZERO, Duration.ofDays(4), Duration.ZERO, 262_144,
                Optional.empty());
        SqsMapping mapping = new SqsMapping("DialerFunction", "Dial", queue, 1, Duration.ZERO, true, 5, true);
        poller = new SqsPoller(mapping, sqs, this::invoke, (source, message) -> { });
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (poller != null) {
            poller.close();
        }
        sqs.close();
        elasticMq.close();
    }

    private InvokeResult invoke(String functionId, byte[] event, String requestId) {
        String text = new String(event, StandardCharsets.UTF_8);
        String id = text.replaceAll("(?s).*\"body\"\\s*:\\s*\"([^\"]*)\".*", "$1");
        invoked.add(id);
        if (id.equals("A1")) {
            headInvokedAt = System.nanoTime();
            try {
                release.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new InvokeResult.Succeeded("{\"batchItemFailures\":[]}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aGroupBehindItsHeadInFlight_isNeverWaitedOn_arrivesInOrder_andAnEmptyQueueIsLongPolledAgain()
            throws InterruptedException {
        poller.start();
        await("a first receive", () -> !receives.isEmpty());
        String url = elasticMq.queueUrl("dial.fifo");
        for (String id : List.of("A1", "A2", "A3")) {
            sqs.sendMessage(b -> b.queueUrl(url).messageGroupId("A").messageDeduplicationId(id).messageBody(id));
        }
        await("the group's head invoked", () -> headInvokedAt != 0);
        await("receives while the head is in flight",
                () -> receives.stream().filter(r -> r.atNanos() > headInvokedAt).count() >= 6);
        long released = System.nanoTime();
        release.countDown();
        assertThat(receives.stream().filter(r -> r.atNanos() > headInvokedAt && r.atNanos() < released))
                .as("receives sent while A2 and A3 waited behind A1").isNotEmpty()
                .allSatisfy(r -> assertThat(r.waitSeconds()).isZero());

        await("the group processed", () -> invoked.size() == 3);
        assertThat(invoked).containsExactly("A1", "A2", "A3");
        long drained = System.nanoTime();
        await("a long poll on the empty queue",
                () -> receives.stream().anyMatch(r -> r.atNanos() > drained && r.waitSeconds() > 0));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("within %s s: %s", PATIENCE.toSeconds(), what).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}
