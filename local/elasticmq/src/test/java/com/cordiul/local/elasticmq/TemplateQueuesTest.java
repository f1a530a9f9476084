package com.cordiul.local.elasticmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.stack.PseudoParameters;
import com.cordiul.stack.Stack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The template's queues, as ElasticMQ is started with them, and the URLs and ARNs ElasticMQ then answers. */
class TemplateQueuesTest {

    private static final String TEMPLATE = """
            AWSTemplateFormatVersion: "2010-09-09"
            Transform: AWS::Serverless-2016-10-31
            Parameters:
              Visibility:
                Type: Number
                Default: 45
            Resources:
              DialQueue:
                Type: AWS::SQS::Queue
                Properties:
                  VisibilityTimeout: !Ref Visibility
                  DelaySeconds: 2
                  ReceiveMessageWaitTimeSeconds: 20
                  MessageRetentionPeriod: 86400
                  RedrivePolicy:
                    deadLetterTargetArn: !GetAtt DialDeadLetterQueue.Arn
                    maxReceiveCount: 4
              DialDeadLetterQueue:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: dial-dead-letters
                  MessageRetentionPeriod: 1209600
              Events:
                Type: AWS::SQS::Queue
                Properties:
                  FifoQueue: true
                  ContentBasedDeduplication: true
                  RedrivePolicy: !Sub '{"deadLetterTargetArn": "${EventsDlq.Arn}", "maxReceiveCount": 2}'
              EventsDlq:
                Type: AWS::SQS::Queue
                Properties:
                  FifoQueue: true
            """;

    @TempDir
    Path dir;

    private Stack stack(String template) throws IOException {
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, template);
        return Stack.read(file);
    }

    @Test
    void everyQueue_isDeclaredAsTheTemplateSaysIt() throws IOException {
        List<QueueSpec> specs = TemplateQueues.of(stack(TEMPLATE));
        assertThat(specs).extracting(QueueSpec::name)
                .containsExactly("DialQueue", "dial-dead-letters", "Events.fifo", "EventsDlq.fifo");
        QueueSpec dial = specs.get(0);
        assertThat(dial.visibilityTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(dial.delay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(dial.receiveWait()).isEqualTo(Duration.ofSeconds(20));
        assertThat(dial.retention()).isEqualTo(Duration.ofDays(1));
        assertThat(dial.deadLetterQueue()).isEqualTo("dial-dead-letters");
        assertThat(dial.maxReceiveCount()).isEqualTo(4);
        assertThat(specs.get(1).retention()).isEqualTo(Duration.ofDays(14));
        QueueSpec events = specs.get(2);
        assertThat(events.fifo()).isTrue();
        assertThat(events.contentBasedDeduplication()).isTrue();
        assertThat(events.deadLetterQueue()).isEqualTo("EventsDlq.fifo");
        assertThat(events.maxReceiveCount()).isEqualTo(2);
    }

    @Test
    void deadLetterQueueOutsideTheTemplate_isRefused() throws IOException {
        Stack stack = stack("""
                Resources:
                  Work:
                    Type: AWS::SQS::Queue
                    Properties:
                      RedrivePolicy:
                        deadLetterTargetArn: arn:aws:sqs:us-east-1:999999999999:elsewhere
                        maxReceiveCount: 3
                """);
        assertThatThrownBy(() -> TemplateQueues.of(stack)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Work").hasMessageContaining("elsewhere");
    }

    @Test
    void elasticMqAnswers_theUrlsAndArnsTheStackModelGives() throws IOException {
        Stack declared = stack(TEMPLATE);
        try (ElasticMq queues = ElasticMq.startInMemory(TemplateQueues.of(declared));
                SqsClient sqs = queues.client()) {
            Stack stack = declared.withQueueUrlPrefix(queues.endpoint() + "/" + PseudoParameters.ACCOUNT_ID);
            for (String id : List.of("DialQueue", "DialDeadLetterQueue", "Events", "EventsDlq")) {
                var queue = stack.queue(id);
                assertThat(queues.queueUrl(queue.queueName())).as(id).isEqualTo(queue.url());
                Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queue.url())
                        .attributeNames(QueueAttributeName.ALL)).attributes();
                assertThat(attributes.get(QueueAttributeName.QUEUE_ARN)).as(id).isEqualTo(queue.arn());
                assertThat(attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT)).as(id)
                        .isEqualTo(Long.toString(queue.visibilityTimeout().toSeconds()));
            }
            assertThat(sqs.getQueueAttributes(b -> b.queueUrl(stack.queue("DialQueue").url())
                    .attributeNames(QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS,
                            QueueAttributeName.DELAY_SECONDS, QueueAttributeName.REDRIVE_POLICY)).attributes())
                    .containsEntry(QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, "20")
                    .containsEntry(QueueAttributeName.DELAY_SECONDS, "2")
                    .hasEntrySatisfying(QueueAttributeName.REDRIVE_POLICY, policy -> assertThat(policy)
                            .contains(stack.queue("DialDeadLetterQueue").arn()).contains("4"));
        }
    }
}
