package com.cordiul.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.local.elasticmq.QueueSpec;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalQueuesTest {

    @RegisterExtension
    static final LocalQueues QUEUES = new LocalQueues(QueueSpec.standard("dial").withDeadLetterQueue("dial-dlq", 3),
            QueueSpec.standard("dial-dlq"));

    private static Map<QueueAttributeName, String> counts(String queue) {
        return QUEUES.client().getQueueAttributes(b -> b.queueUrl(QUEUES.queueUrl(queue)).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
    }

    @Test
    @Order(1)
    void aTestLeavesMessagesBehind_visibleAndInFlight() {
        QUEUES.client().sendMessage(b -> b.queueUrl(QUEUES.queueUrl("dial")).messageBody("left"));
        QUEUES.client().sendMessage(b -> b.queueUrl(QUEUES.queueUrl("dial")).messageBody("in flight"));
        QUEUES.client().receiveMessage(b -> b.queueUrl(QUEUES.queueUrl("dial")).maxNumberOfMessages(1));
        QUEUES.client().sendMessage(b -> b.queueUrl(QUEUES.queueUrl("dial-dlq")).messageBody("dead"));
        assertThat(counts("dial")).containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "1")
                .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "1");
    }

    @Test
    @Order(2)
    void theNextOneStartsFromEmptyQueues() {
        assertThat(counts("dial")).containsOnly(Map.entry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0"),
                Map.entry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0"));
        assertThat(counts("dial-dlq")).containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0");
    }

    @Test
    @Order(3)
    void aTestThatStopsIt() {
        QUEUES.elasticMq().close();
        assertThat(QUEUES.elasticMq().isRunning()).isFalse();
    }

    @Test
    @Order(4)
    void theNextOneGetsAFreshOne() {
        assertThat(QUEUES.elasticMq().isRunning()).isTrue();
        assertThat(QUEUES.queueUrl("dial")).startsWith(QUEUES.endpoint().toString());
    }
}
