package com.cordiul.local.elasticmq;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.local.dynalite.RepositoryRoot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** ElasticMQ through the real SqsClient (url-connection HTTP client), on one in-memory instance for the class. */
class ElasticMqTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final List<QueueSpec> QUEUES = List.of(
            QueueSpec.standard("plain"),
            QueueSpec.standard("short-visibility").withVisibilityTimeout(Duration.ofSeconds(1)),
            QueueSpec.standard("delayed").withDelay(Duration.ofSeconds(1)),
            QueueSpec.standard("work").withVisibilityTimeout(Duration.ofSeconds(30))
                    .withDeadLetterQueue("work-dlq", 3),
            QueueSpec.standard("work-dlq").withRetention(Duration.ofDays(14)),
            QueueSpec.fifo("ordered.fifo").withContentBasedDeduplication());

    private static ElasticMq elasticMq;
    private static SqsClient sqs;

    @BeforeAll
    static void start() {
        elasticMq = ElasticMq.startInMemory(QUEUES);
        sqs = elasticMq.client();
    }

    @AfterAll
    static void stop() {
        sqs.close();
        elasticMq.close();
    }

    private static String url(String queue) {
        return elasticMq.queueUrl(queue);
    }

    private static List<Message> receive(String queue, int max) {
        return sqs.receiveMessage(b -> b.queueUrl(url(queue)).maxNumberOfMessages(max).waitTimeSeconds(0)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
    }

    @Test
    void everyDeclaredQueue_existsWithItsAttributes_andItsUrlNamesTheLoopbackPort() {
        assertThat(elasticMq.queueUrls()).containsOnlyKeys("plain", "short-visibility", "delayed", "work",
                "work-dlq", "ordered.fifo");
        assertThat(url("work")).startsWith("http://127.0.0.1:" + elasticMq.port() + "/");
        Map<QueueAttributeName, String> work = sqs.getQueueAttributes(b -> b.queueUrl(url("work"))
                .attributeNames(QueueAttributeName.ALL)).attributes();
        assertThat(work).containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "30")
                .containsEntry(QueueAttributeName.DELAY_SECONDS, "0");
        assertThat(work.get(QueueAttributeName.REDRIVE_POLICY)).contains("\"maxReceiveCount\":3")
                .contains("work-dlq");
        assertThat(sqs.getQueueAttributes(b -> b.queueUrl(url("ordered.fifo"))
                .attributeNames(QueueAttributeName.FIFO_QUEUE)).attributes())
                .containsEntry(QueueAttributeName.FIFO_QUEUE, "true");
        assertThat(elasticMq.logFile()).exists();
    }

    @Test
    void sendReceiveDelete_roundTrip() {
        sqs.sendMessage(b -> b.queueUrl(url("plain")).messageBody("{\"call_id\":\"call_1\"}"));
        List<Message> got = receive("plain", 10);
        assertThat(got).singleElement().satisfies(m -> assertThat(m.body()).isEqualTo("{\"call_id\":\"call_1\"}"));
        sqs.deleteMessage(b -> b.queueUrl(url("plain")).receiptHandle(got.get(0).receiptHandle()));
        // Deleted, not merely hidden: neither visible nor in flight.
        assertThat(sqs.getQueueAttributes(b -> b.queueUrl(url("plain")).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes()).containsOnly(
                Map.entry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0"),
                Map.entry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0"));
    }

    @Test
    void receivedMessage_staysHiddenForItsVisibilityTimeout_thenComesBack() throws Exception {
        sqs.sendMessage(b -> b.queueUrl(url("short-visibility")).messageBody("again"));
        long received = System.nanoTime();
        assertThat(receive("short-visibility", 1)).hasSize(1);
        List<Message> back = new ArrayList<>();
        awaitTrue(() -> back.addAll(receive("short-visibility", 1)), "the message came back");
        // A lower bound only: the message is never redelivered before its visibility timeout.
        assertThat(Duration.ofNanos(System.nanoTime() - received)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(back.get(0).attributes()).containsEntry(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "2");
        sqs.deleteMessage(b -> b.queueUrl(url("short-visibility")).receiptHandle(back.get(0).receiptHandle()));
    }

    @Test
    void delayedQueue_holdsANewMessageBack_forItsDelay() throws Exception {
        long sent = System.nanoTime();
        sqs.sendMessage(b -> b.queueUrl(url("delayed")).messageBody("later"));
        List<Message> got = new ArrayList<>();
        awaitTrue(() -> got.addAll(receive("delayed", 1)), "the delayed message arrived");
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        sqs.deleteMessage(b -> b.queueUrl(url("delayed")).receiptHandle(got.get(0).receiptHandle()));
    }

    @Test
    void messageReceivedMaxReceiveCountTimes_movesToTheDeadLetterQueue() throws Exception {
        sqs.sendMessage(b -> b.queueUrl(url("work")).messageBody("poison"));
        int receives = 0;
        List<Message> dead = new ArrayList<>();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (dead.isEmpty()) {
            assertThat(System.nanoTime()).as("moved to the dead-letter queue").isLessThan(deadline);
            for (Message m : receive("work", 1)) {
                receives++;
                // A failed attempt: give the message back at once rather than wait out the 30 s timeout.
                sqs.changeMessageVisibility(b -> b.queueUrl(url("work")).receiptHandle(m.receiptHandle())
                        .visibilityTimeout(0));
            }
            dead.addAll(receive("work-dlq", 1));
        }
        assertThat(receives).isEqualTo(3);
        assertThat(dead).singleElement().satisfies(m -> assertThat(m.body()).isEqualTo("poison"));
        assertThat(receive("work", 10)).isEmpty();
        sqs.deleteMessage(b -> b.queueUrl(url("work-dlq")).receiptHandle(dead.get(0).receiptHandle()));
    }

    @Test
    void fifoQueue_keepsTheOrderWithinAGroup_andDropsDuplicates() {
        for (String body : List.of("1", "2", "2", "3")) {
            sqs.sendMessage(b -> b.queueUrl(url("ordered.fifo")).messageGroupId("owner_a").messageBody(body));
        }
        List<String> bodies = new ArrayList<>();
        for (Message m : receive("ordered.fifo", 10)) {
            bodies.add(m.body());
            sqs.deleteMessage(b -> b.queueUrl(url("ordered.fifo")).receiptHandle(m.receiptHandle()));
        }
        assertThat(bodies).containsExactly("1", "2", "3");
    }

    @Test
    void persistentElasticMq_keepsItsQueuesAndMessages_acrossARestart(@TempDir Path dir) {
        ElasticMqSettings settings = ElasticMqSettings.persistent(dir.resolve("elasticmq"), List.of(
                QueueSpec.standard("kept").withDeadLetterQueue("kept-dlq", 2), QueueSpec.standard("kept-dlq")));
        ElasticMq first = ElasticMq.start(settings);
        try (SqsClient client = first.client()) {
            for (String body : List.of("a", "b", "c")) {
                client.sendMessage(b -> b.queueUrl(first.queueUrl("kept")).messageBody(body));
            }
            Message a = client.receiveMessage(b -> b.queueUrl(first.queueUrl("kept"))).messages().get(0);
            client.deleteMessage(b -> b.queueUrl(first.queueUrl("kept")).receiptHandle(a.receiptHandle()));
        }
        ElasticMq second = first.restart();
        try (second; SqsClient client = second.client()) {
            assertThat(second.port()).isEqualTo(first.port());
            List<String> left = new ArrayList<>();
            List<Message> got;
            do {
                got = client.receiveMessage(b -> b.queueUrl(second.queueUrl("kept")).maxNumberOfMessages(10))
                        .messages();
                got.forEach(m -> left.add(m.body()));
            } while (!got.isEmpty());
            assertThat(left).hasSize(2).doesNotHaveDuplicates();
            assertThat(client.getQueueAttributes(b -> b.queueUrl(second.queueUrl("kept"))
                    .attributeNames(QueueAttributeName.REDRIVE_POLICY)).attributes()
                    .get(QueueAttributeName.REDRIVE_POLICY)).contains("kept-dlq");
        }
        assertThat(Files.exists(dir.resolve("elasticmq.log"))).isTrue();
    }

    @Test
    void elasticMqThatDiesUnasked_isReportedLoudly_andRestartedWithItsMessages(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try (ElasticMq queues = ElasticMq.start(ElasticMqSettings.persistent(dir.resolve("data"),
                List.of(QueueSpec.standard("survivor")))); SqsClient client = queues.client()) {
            client.sendMessage(b -> b.queueUrl(queues.queueUrl("survivor")).messageBody("still here"));
            long pid = queues.process().pid();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();

            awaitTrue(() -> queues.process().restarts() == 1 && queues.isRunning(), "restarted");
            assertThat(client.receiveMessage(b -> b.queueUrl(queues.queueUrl("survivor"))).messages())
                    .singleElement().satisfies(m -> assertThat(m.body()).isEqualTo("still here"));
        } finally {
            System.setErr(original);
        }
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("[elasticmq] DIED: pid",
                "exit code 137 (signal 9 SIGKILL)", "[elasticmq] restarted (pid");
    }

    @Test
    void elasticMqOfALauncherThatIsKilled_exitsToo(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("elasticmq.pid");
        Process launcher = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dcordiul.root=" + RepositoryRoot.find(),
                KilledLauncher.class.getName(), pidFile.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("launcher.log").toFile()).start();
        try {
            awaitTrue(() -> Files.exists(pidFile) || !launcher.isAlive(), "the launcher started ElasticMQ");
            assertThat(launcher.isAlive()).as(Files.readString(dir.resolve("launcher.log"))).isTrue();
            long pid = Long.parseLong(Files.readString(pidFile).trim());

            launcher.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown hook runs

            awaitTrue(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "ElasticMQ exited");
        } finally {
            launcher.destroyForcibly();
        }
    }

    /** Starts an ElasticMQ, writes its pid, then waits to be killed. */
    static final class KilledLauncher {

        private KilledLauncher() {
        }

        public static void main(String[] args) throws Exception {
            ElasticMq queues = ElasticMq.startInMemory(List.of(QueueSpec.standard("q")));
            Files.writeString(Path.of(args[0] + ".tmp"), Long.toString(queues.process().pid()));
            Files.move(Path.of(args[0] + ".tmp"), Path.of(args[0]));
            Thread.currentThread().join();
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }
}
