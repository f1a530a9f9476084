package com.cordiul.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.cordiul.local.runner.events.EventSources;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

/**
 * The SQS event source mapping as Lambda runs it, on the queues and functions of {@code queues-template.yaml}:
 * the event's shape, deletion of what succeeded, partial batch failures and the dead-letter queue, a function error
 * and an invalid answer failing the whole batch, FIFO order per message group, MaximumConcurrency and the
 * function's own concurrency, a throttled batch retried, a disabled mapping left alone.
 */
@Isolated("its FIFO and redelivery checks ride on 2 s visibility timeouts: a class beside it can starve them")
class SqsEventSourceTest {

    private static final Duration DRAINED = Duration.ofSeconds(90);

    @TempDir
    static Path dir;

    private static Path recordings;
    private static Path runnerLog;
    private static LocalStack stack;
    private static SqsClient sqs;

    @BeforeAll
    static void start() throws IOException {
        Path template = TestDeployment.create(dir, "/queues-template.yaml");
        recordings = dir.resolve("recordings");
        runnerLog = dir.resolve("runner.log");
        stack = LocalStack.start(LocalOptions.defaults(template).withWorkDir(dir.resolve("work"))
                .withParameter("RecordDir", recordings.toString()).withRunnerLog(runnerLog));
        sqs = stack.sqs();
    }

    @AfterAll
    static void stop() {
        sqs.close();
        stack.close();
    }

    @Test
    void message_reachesTheFunctionAsLambdasSqsEvent_andIsDeletedAfterASuccess() throws Exception {
        Map<String, MessageAttributeValue> attributes = Map.of(
                "trace", MessageAttributeValue.builder().dataType("String").stringValue("t-1").build(),
                "attempt", MessageAttributeValue.builder().dataType("Number").stringValue("3").build(),
                "blob", MessageAttributeValue.builder().dataType("Binary")
                        .binaryValue(SdkBytes.fromByteArray(new byte[] {1, 2, 3})).build());
        String body = "{\"id\":\"shape\",\"action\":\"ok\"}";
        SendMessageResponse sent = sqs.sendMessage(b -> b.queueUrl(stack.queueUrl("WorkQueue")).messageBody(body)
                .messageAttributes(attributes));
        stack.awaitQueueDrained("WorkQueue", DRAINED);

        JsonNode invocation = Recordings.of(recordings, "WorkFunction").stream()
                .filter(r -> r.toString().contains(sent.messageId())).findFirst().orElseThrow();
        JsonNode record = invocation.path("event").path("Records").get(0);
        assertThat(invocation.path("event").path("Records")).hasSize(1);
        assertThat(record.path("messageId").asText()).isEqualTo(sent.messageId());
        assertThat(record.path("receiptHandle").asText()).isNotBlank();
        assertThat(record.path("body").asText()).isEqualTo(body);
        assertThat(record.path("md5OfBody").asText()).isEqualTo(md5(body)).isEqualTo(sent.md5OfMessageBody());
        assertThat(record.path("md5OfMessageAttributes").asText()).isEqualTo(sent.md5OfMessageAttributes());
        assertThat(record.path("eventSource").asText()).isEqualTo("aws:sqs");
        assertThat(record.path("eventSourceARN").asText()).isEqualTo(stack.stack().queue("WorkQueue").arn())
                .isEqualTo("arn:aws:sqs:us-east-1:123456789012:WorkQueue");
        assertThat(record.path("awsRegion").asText()).isEqualTo("us-east-1");
        JsonNode system = record.path("attributes");
        assertThat(system.path("ApproximateReceiveCount").asText()).isEqualTo("1");
        assertThat(system.path("SentTimestamp").asText()).containsOnlyDigits();
        assertThat(system.path("ApproximateFirstReceiveTimestamp").asText()).containsOnlyDigits();
        assertThat(system.path("SenderId").asText()).isNotBlank();
        assertThat(system.has("MessageGroupId")).isFalse();
        JsonNode trace = record.path("messageAttributes").path("trace");
        assertThat(trace.path("stringValue").asText()).isEqualTo("t-1");
        assertThat(trace.path("dataType").asText()).isEqualTo("String");
        assertThat(trace.path("stringListValues").isArray()).isTrue();
        assertThat(trace.path("binaryListValues").isArray()).isTrue();
        assertThat(record.path("messageAttributes").path("attempt").path("dataType").asText()).isEqualTo("Number");
        assertThat(record.path("messageAttributes").path("blob").path("binaryValue").asText()).isEqualTo("AQID");

        // Lambda's own Java event library reads it as the SQSEvent it models.
        SQSEvent parsed = LambdaEventSerializers.serializerFor(SQSEvent.class, getClass().getClassLoader())
                .fromJson(invocation.path("event").toString());
        assertThat(parsed.getRecords()).singleElement().satisfies(m -> {
            assertThat(m.getMessageId()).isEqualTo(sent.messageId());
            assertThat(m.getEventSourceArn()).isEqualTo(stack.stack().queue("WorkQueue").arn());
            assertThat(m.getAttributes()).containsEntry("ApproximateReceiveCount", "1");
            assertThat(m.getMessageAttributes().get("trace").getStringValue()).isEqualTo("t-1");
        });
    }

    @Test
    void partialBatchFailure_deletesTheRest_redeliversTheFailedOne_untilTheDeadLetterQueueTakesIt()
            throws Exception {
        sendBatch("PartialQueue", "p-ok-1:ok", "p-poison:fail", "p-ok-2:ok");
        List<Message> dead = new ArrayList<>();
        Await.until("the failed message in the dead-letter queue", () -> dead.addAll(sqs.receiveMessage(b -> b
                .queueUrl(stack.queueUrl("PartialDeadLetters")).waitTimeSeconds(1)).messages()));
        stack.awaitQueueDrained("PartialQueue", DRAINED);

        assertThat(dead).singleElement().satisfies(m -> assertThat(m.body()).contains("p-poison"));
        Map<String, List<Integer>> receives = receivesById("PartialFunction");
        assertThat(receives).containsEntry("p-ok-1", List.of(1)).containsEntry("p-ok-2", List.of(1))
                .containsEntry("p-poison", List.of(1, 2));
        assertThat(Recordings.of(recordings, "PartialFunction").get(0).path("event").path("Records"))
                .as("the messages sent together arrive in one batch (one poller, a 1 s batching window)").hasSize(3);
        assertThat(Files.readString(runnerLog)).contains("PartialFunction <- PartialQueue: 1 of the batch of 3")
                .contains("reported failed (ReportBatchItemFailures)").contains("PartialDeadLetters after 2 receives");
    }

    @Test
    void functionError_failsTheWholeBatch_whichComesBackAfterTheVisibilityTimeout() throws Exception {
        sendBatch("RetryQueue", "e-throws:error-once", "e-fine:ok");
        stack.awaitQueueDrained("RetryQueue", DRAINED);
        Map<String, List<Integer>> receives = receivesById("ErrorFunction");
        assertThat(receives).containsEntry("e-throws", List.of(1, 2)).containsEntry("e-fine", List.of(1, 2));
        assertThat(Files.readString(runnerLog)).contains("ErrorFunction <- RetryQueue: batch of 2")
                .contains("failed: function error: java.lang.IllegalStateException: error-once");
    }

    @Test
    void invalidPartialBatchResponse_failsTheWholeBatch() throws Exception {
        sendBatch("RetryQueue", "i-bogus:bogus-once", "i-fine:ok");
        stack.awaitQueueDrained("RetryQueue", DRAINED);
        Map<String, List<Integer>> receives = receivesById("ErrorFunction");
        assertThat(receives).containsEntry("i-bogus", List.of(1, 2)).containsEntry("i-fine", List.of(1, 2));
        assertThat(Files.readString(runnerLog)).contains("invalid partial batch response (itemIdentifier "
                + "'no-such-message-");
    }

    @Test
    void fifo_deliversEachGroupInOrder_oneBatchInFlightPerGroup_andRetriesAFailureBeforeWhatFollows()
            throws Exception {
        String url = stack.queueUrl("Ordered");
        for (int i = 1; i <= 5; i++) {
            for (String group : List.of("A", "B")) {
                String id = group + i;
                String action = "A3".equals(id) ? "fail-once" : "ok";
                sqs.sendMessage(b -> b.queueUrl(url).messageGroupId(group).messageDeduplicationId(id)
                        .messageBody("{\"id\":\"" + id + "\",\"action\":\"" + action + "\"}"));
            }
        }
        stack.awaitQueueDrained("Ordered", DRAINED);

        List<JsonNode> invocations = Recordings.of(recordings, "OrderedFunction");
        Map<String, List<String>> processed = new HashMap<>();
        Map<String, java.util.TreeMap<Long, Long>> spans = new HashMap<>();
        for (JsonNode invocation : invocations) {
            List<String> failed = invocation.path("batchItemFailures").findValuesAsText("itemIdentifier");
            for (JsonNode record : invocation.path("event").path("Records")) {
                String group = record.path("attributes").path("MessageGroupId").asText();
                assertThat(record.path("attributes").path("MessageDeduplicationId").asText())
                        .isEqualTo(Recordings.bodyId(record));
                assertThat(record.path("attributes").path("SequenceNumber").asText()).isNotBlank();
                spans.computeIfAbsent(group, g -> new java.util.TreeMap<>()).put(invocation.path("start").asLong(),
                        invocation.path("end").asLong());
                if (!failed.contains(record.path("messageId").asText())) {
                    processed.computeIfAbsent(group, g -> new ArrayList<>()).add(Recordings.bodyId(record));
                }
            }
        }
        assertThat(processed.get("A")).containsExactly("A1", "A2", "A3", "A4", "A5");
        assertThat(processed.get("B")).containsExactly("B1", "B2", "B3", "B4", "B5");
        assertThat(receivesById("OrderedFunction").get("A3")).containsExactly(1, 2);
        spans.forEach((group, byStart) -> {
            long previousEnd = Long.MIN_VALUE;
            for (Map.Entry<Long, Long> span : byStart.entrySet()) {
                assertThat(span.getKey()).as("group %s: a batch starts only after the one before it ended", group)
                        .isGreaterThanOrEqualTo(previousEnd);
                previousEnd = span.getValue();
            }
        });
    }

    @Test
    void maximumConcurrency_boundsTheInvocationsInFlight() throws Exception {
        String[] messages = new String[12];
        for (int i = 0; i < messages.length; i++) {
            messages[i] = "h" + i + ":hold";
        }
        sendBatch("HoldQueue", java.util.Arrays.copyOfRange(messages, 0, 6));
        sendBatch("HoldQueue", java.util.Arrays.copyOfRange(messages, 6, 12));
        stack.awaitQueueDrained("HoldQueue", DRAINED);

        List<JsonNode> invocations = Recordings.of(recordings, "HoldFunction");
        assertThat(invocations).hasSize(12);
        int peak = invocations.stream().mapToInt(r -> r.path("peak").asInt()).max().orElse(0);
        assertThat(peak).as("invocations the function saw in flight at once, at most").isEqualTo(2);
        assertThat(stats("HoldFunction").maxInFlight()).isLessThanOrEqualTo(2);
        assertThat(stats("HoldFunction").pollers()).isLessThanOrEqualTo(2);
    }

    @Test
    void functionsOwnConcurrency_boundsThePollers_andAThrottledBatchIsRetried_notRedelivered() throws Exception {
        assertThat(stats("SingleFunction").pollers()).isEqualTo(1);
        CompletableFuture<String> occupying = CompletableFuture.supplyAsync(() -> stack.invokeFunction(
                "SingleFunction", "{\"wait\":true}"));
        Await.until("the direct invocation holds the function's only slot",
                () -> stack.instancesStarted("SingleFunction") == 1);
        sqs.sendMessage(b -> b.queueUrl(stack.queueUrl("SingleQueue")).messageBody("{\"id\":\"s-1\"}"));
        Await.until("the mapping's invocation throttled", () -> read(runnerLog).contains(
                "SingleFunction <- SingleQueue: batch of 1"), () -> read(runnerLog));
        assertThat(read(runnerLog)).containsPattern("SingleFunction <- SingleQueue: batch of 1 \\(request [0-9a-f-]+\\)"
                + " throttled");
        Files.writeString(recordings.resolve("release"), "go");
        occupying.get();
        stack.awaitQueueDrained("SingleQueue", DRAINED);
        assertThat(receivesById("SingleFunction")).containsEntry("s-1", List.of(1));
    }

    @Test
    void disabledMapping_neverPollsItsQueue() throws Exception {
        assertThat(stack.eventSources().mappings()).filteredOn(m -> m.functionId().equals("DisabledFunction"))
                .singleElement().satisfies(m -> assertThat(m.enabled()).isFalse());
        assertThat(stats("DisabledFunction").pollers()).isZero();
        sqs.sendMessage(b -> b.queueUrl(stack.queueUrl("DisabledQueue")).messageBody("left alone"));
        sqs.sendMessage(b -> b.queueUrl(stack.queueUrl("WorkQueue")).messageBody("{\"id\":\"after-disabled\"}"));
        stack.awaitQueueDrained("WorkQueue", DRAINED);
        List<Message> left = sqs.receiveMessage(b -> b.queueUrl(stack.queueUrl("DisabledQueue")).waitTimeSeconds(5)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
        assertThat(left).singleElement().satisfies(m -> assertThat(m.attributes())
                .containsEntry(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1"));
        assertThat(Recordings.of(recordings, "DisabledFunction")).isEmpty();
    }

    /** Sends {@code id:action} messages in one SendMessageBatch. */
    private static void sendBatch(String queueId, String... messages) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < messages.length; i++) {
            String[] parts = messages[i].split(":");
            entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i))
                    .messageBody("{\"id\":\"" + parts[0] + "\",\"action\":\"" + parts[1] + "\"}").build());
        }
        assertThat(sqs.sendMessageBatch(b -> b.queueUrl(stack.queueUrl(queueId)).entries(entries)).failed())
                .isEmpty();
    }

    /** Every receive count each message (by body id) was invoked with, in order. */
    private static Map<String, List<Integer>> receivesById(String function) {
        return Recordings.records(recordings, function).stream().collect(Collectors.groupingBy(Recordings::bodyId,
                Collectors.mapping(Recordings::receiveCount, Collectors.toList())));
    }

    private static EventSources.MappingStats stats(String function) {
        return stack.eventSources().stats().stream().filter(s -> s.functionId().equals(function)).findFirst()
                .orElseThrow();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String md5(String text) throws NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        return String.format("%032x", new BigInteger(1, digest));
    }
}
