package com.cordiul.dialqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.local.elasticmq.QueueSpec;
import com.cordiul.testing.LocalQueues;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

class DialQueueTest {

    @RegisterExtension
    static final LocalQueues QUEUES = new LocalQueues(QueueSpec.fifo("dial.fifo"), QueueSpec.standard("dial-std"));

    private List<Message> receive(String queue, int max) {
        return QUEUES.client().receiveMessage(b -> b.queueUrl(QUEUES.queueUrl(queue)).maxNumberOfMessages(max)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL).waitTimeSeconds(1)).messages();
    }

    @Test
    void onAFifoQueue_anOwnersCallsAreOneGroup_andACallIsQueuedOnceWhateverTheRetries() {
        DialQueue queue = new DialQueue(QUEUES.client(), QUEUES.queueUrl("dial.fifo"));

        queue.send(DialMessage.of("user_2abc owner/é", "call_01"));
        queue.send(DialMessage.of("user_2abc owner/é", "call_01"));
        queue.send(DialMessage.of("user_2abc owner/é", "call_02"));

        List<Message> messages = receive("dial.fifo", 10);
        assertThat(messages).hasSize(2);
        assertThat(messages).extracting(m -> m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
                .containsOnly(DialQueue.group("user_2abc owner/é"))
                .allSatisfy(group -> assertThat(group).matches("[0-9a-f]{64}"));
        assertThat(messages).extracting(Message::body).containsExactly(
                "{\"owner\":\"user_2abc owner/é\",\"call_id\":\"call_01\"}",
                "{\"owner\":\"user_2abc owner/é\",\"call_id\":\"call_02\"}");
        assertThat(DialMessage.parse(messages.get(0).body())).contains(DialMessage.of("user_2abc owner/é",
                "call_01"));
    }

    @Test
    void aRenewal_isANewMessage_evenWithinTheDeduplicationInterval() {
        DialQueue queue = new DialQueue(QUEUES.client(), QUEUES.queueUrl("dial.fifo"));
        DialMessage first = DialMessage.of("owner-a", "call_01");

        queue.send(first);
        queue.send(first.renewed());

        List<Message> messages = receive("dial.fifo", 10);
        assertThat(messages).extracting(m -> DialMessage.parse(m.body()).orElseThrow())
                .containsExactly(first, new DialMessage("owner-a", "call_01", 1));
    }

    @Test
    void aMessagePutBack_staysInvisibleForItsDelay_andComesBack() throws Exception {
        DialQueue queue = new DialQueue(QUEUES.client(), QUEUES.queueUrl("dial-std"));
        queue.send(DialMessage.of("owner-a", "call_01"));
        Message received = receive("dial-std", 1).get(0);

        queue.delay(List.of(new DialQueue.Delayed(received.receiptHandle(), Duration.ofSeconds(2))));

        assertThat(QUEUES.client().receiveMessage(b -> b.queueUrl(QUEUES.queueUrl("dial-std"))
                .waitTimeSeconds(0)).messages()).isEmpty();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<Message> back = List.of();
        while (back.isEmpty() && System.nanoTime() < deadline) {
            back = receive("dial-std", 1);
        }
        assertThat(back).singleElement().satisfies(m -> assertThat(m.attributes()
                .get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).isEqualTo("2"));
    }

    @Test
    void aBodyThatIsNotADialMessage_isRecognisedAsSuch() {
        List<String> bodies = List.of("", "null", "[]", "{}", "{\"owner\":\"a\"}", "{\"owner\":1,\"call_id\":\"c\"}",
                "{\"owner\":\"\",\"call_id\":\"c\"}", "not json");
        for (String body : bodies) {
            assertThat(DialMessage.parse(body)).as(body).isEqualTo(Optional.empty());
        }
    }

    @Test
    void aQueueThatIsDown_isReportedAsUnavailable_nothingQueued() {
        try (SqsClient down = SqsClient.builder().endpointOverride(java.net.URI.create("http://127.0.0.1:9"))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(com.cordiul.local.elasticmq.ElasticMq.CREDENTIALS)
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy
                        .doNotRetry())).build()) {
            DialQueue queue = new DialQueue(down, "http://127.0.0.1:9/000000000000/dial.fifo");
            assertThatThrownBy(() -> queue.send(DialMessage.of("owner-a", "call_01")))
                    .isInstanceOfSatisfying(QueueUnavailableException.class, e -> {
                        assertThat(e.code()).isEqualTo("service_unavailable");
                        assertThat(e.getMessage()).doesNotContain("Exception", "127.0.0.1");
                    });
            queue.delay(List.of(new DialQueue.Delayed("receipt", Duration.ofSeconds(1))));
        }
    }
}
