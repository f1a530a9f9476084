package com.cordiul.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The template's queues in the local stack: ElasticMQ holds exactly them, the functions get its endpoint and the
 * URL, ARN and name ElasticMQ answers for each queue, and an ElasticMQ that dies is reported and restarted with its
 * messages.
 */
@Isolated("captures System.err, which every class shares")
class StackQueuesTest {

    @TempDir
    static Path dir;

    private static LocalStack stack;
    private static SqsClient sqs;

    @BeforeAll
    static void start() throws IOException {
        Path template = TestDeployment.create(dir, "/queues-template.yaml");
        stack = LocalStack.start(LocalOptions.defaults(template).withWorkDir(dir.resolve("work"))
                .withParameter("RecordDir", dir.resolve("recordings").toString())
                .withQueueDataDir(dir.resolve("local/elasticmq")));
        sqs = stack.sqs();
    }

    @AfterAll
    static void stop() {
        sqs.close();
        stack.close();
    }

    @Test
    void elasticMq_holdsTheTemplatesQueues_asDeclared() {
        assertThat(stack.elasticMq().queueUrls()).containsOnlyKeys("WorkQueue", "PartialQueue", "PartialDeadLetters",
                "RetryQueue", "Ordered.fifo", "HoldQueue", "SingleQueue", "DisabledQueue");
        Map<QueueAttributeName, String> partial = attributes("PartialQueue");
        assertThat(partial).containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "2");
        assertThat(partial.get(QueueAttributeName.REDRIVE_POLICY))
                .contains(stack.stack().queue("PartialDeadLetters").arn()).contains("\"maxReceiveCount\":2");
        assertThat(attributes("Ordered")).containsEntry(QueueAttributeName.FIFO_QUEUE, "true");
        assertThat(attributes("WorkQueue")).containsEntry(QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, "20");
        assertThat(stack.elasticMq().logFile()).isEqualTo(dir.resolve("local/elasticmq.log"));
        // ./dev's banner says where it is, where its data and log are, and which queues it holds.
        assertThat(Main.queues(stack, dir)).startsWith(stack.sqsEndpoint() + " (ElasticMQ; data in local/elasticmq, "
                + "log in local/elasticmq.log; queues WorkQueue, PartialQueue,").contains("Ordered.fifo");
    }

    @Test
    void functions_getTheSqsEndpoint_andRefAndGetAttOfAQueue_asElasticMqAnswersThem() {
        Map<String, String> env = stack.environment("WorkFunction");
        assertThat(env).containsEntry("SQS_ENDPOINT", stack.sqsEndpoint().toString());
        String url = sqs.getQueueUrl(b -> b.queueName("WorkQueue")).queueUrl();
        assertThat(env).containsEntry("WORK_QUEUE_URL", url).containsEntry("WORK_QUEUE_NAME", "WorkQueue")
                .containsEntry("WORK_QUEUE_ARN", attributes("WorkQueue").get(QueueAttributeName.QUEUE_ARN));
        assertThat(stack.queueUrl("WorkQueue")).isEqualTo(url);
        assertThat(url).startsWith(stack.sqsEndpoint() + "/123456789012/");
    }

    @Test
    void elasticMqThatDies_isReportedLoudly_restartedWithItsMessages_andPolledAgain() throws Exception {
        String url = stack.queueUrl("DisabledQueue");
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("kept across the death"));
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            ProcessHandle.of(stack.elasticMq().process().pid()).orElseThrow().destroyForcibly();
            // The supervisor reports the restart just after the process is back: wait for the report too.
            Await.until("ElasticMQ restarted", () -> stack.elasticMq().process().restarts() == 1
                    && stack.elasticMq().isRunning()
                    && stderr.toString(StandardCharsets.UTF_8).contains("[elasticmq] restarted"));
        } finally {
            System.setErr(original);
        }
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("[elasticmq] DIED: pid", "[elasticmq] restarted");
        assertThat(sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(5)).messages()).singleElement()
                .satisfies(m -> assertThat(m.body()).isEqualTo("kept across the death"));
        assertThat(Files.readString(stack.elasticMq().logFile())).contains("starting:");
        // The event source mappings poll the restarted ElasticMQ.
        sqs.sendMessage(b -> b.queueUrl(stack.queueUrl("WorkQueue")).messageBody("{\"id\":\"after-restart\"}"));
        stack.awaitQueueDrained("WorkQueue", Await.PATIENCE);
        assertThat(Recordings.records(dir.resolve("recordings"), "WorkFunction")).extracting(Recordings::bodyId)
                .contains("after-restart");
    }

    private static Map<QueueAttributeName, String> attributes(String queueId) {
        return sqs.getQueueAttributes(b -> b.queueUrl(stack.queueUrl(queueId)).attributeNames(QueueAttributeName.ALL))
                .attributes();
    }
}
