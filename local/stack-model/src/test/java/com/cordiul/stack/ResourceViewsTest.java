package com.cordiul.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The views the next issues build on: queues with a DLQ, SQS and schedule events, custom resources. */
class ResourceViewsTest {

    private static final String TEMPLATE = """
            Parameters:
              MaxDialers:
                Type: Number
                Default: 2
            Resources:
              DialDeadLetterQueue:
                Type: AWS::SQS::Queue
                Properties:
                  MessageRetentionPeriod: 1209600
              DialQueue:
                Type: AWS::SQS::Queue
                Properties:
                  VisibilityTimeout: 90
                  ReceiveMessageWaitTimeSeconds: 20
                  RedrivePolicy:
                    deadLetterTargetArn: !GetAtt DialDeadLetterQueue.Arn
                    maxReceiveCount: 5
              Events:
                Type: AWS::SQS::Queue
                Properties:
                  FifoQueue: true
                  ContentBasedDeduplication: true
              Dialer:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: x.Dialer
                  CodeUri: dialer.jar
                  ReservedConcurrentExecutions: 3
                  Events:
                    Dials:
                      Type: SQS
                      Properties:
                        Queue: !GetAtt DialQueue.Arn
                        BatchSize: 5
                        ScalingConfig:
                          MaximumConcurrency: !Ref MaxDialers
                        FunctionResponseTypes: [ReportBatchItemFailures]
                    Tick:
                      Type: Schedule
                      Properties:
                        Schedule: rate(1 minute)
                        Enabled: false
                        Input: '{"tick":true}'
                    Nightly:
                      Type: ScheduleV2
                      Properties:
                        ScheduleExpression: cron(0 3 * * ? *)
                        ScheduleExpressionTimezone: Europe/Paris
                        State: ENABLED
                        Name: nightly
                    Bus:
                      Type: EventBridgeRule
                      Properties:
                        Pattern: {source: [cordiul]}
              SipApp:
                Type: Custom::SipMediaApplication
                Properties:
                  ServiceToken: !GetAtt Dialer.Arn
                  Name: !Sub ${AWS::StackName}-calls
              Dependent:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: x.Dependent
                  CodeUri: dialer.jar
                  Environment:
                    Variables:
                      SMA: !GetAtt SipApp.SipMediaApplicationId
            """;

    @TempDir
    Path dir;

    @Test
    void queue_withItsDeadLetterQueue_andSqsDefaults() {
        Stack stack = Templates.read(dir, TEMPLATE);
        Queue dial = stack.queue("DialQueue");
        assertThat(dial.queueName()).isEqualTo("DialQueue");
        assertThat(dial.visibilityTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(dial.receiveWait()).isEqualTo(Duration.ofSeconds(20));
        assertThat(dial.delay()).isZero();
        assertThat(dial.messageRetention()).isEqualTo(Duration.ofDays(4));
        assertThat(dial.maximumMessageBytes()).isEqualTo(262_144);
        assertThat(dial.redrive()).hasValueSatisfying(r -> {
            assertThat(r.deadLetterQueueId()).hasValue("DialDeadLetterQueue");
            assertThat(r.maxReceiveCount()).isEqualTo(5);
        });
        assertThat(stack.queue("DialDeadLetterQueue").messageRetention()).isEqualTo(Duration.ofDays(14));
        Queue events = stack.queue("Events");
        assertThat(events.fifo()).isTrue();
        assertThat(events.queueName()).isEqualTo("Events.fifo");
        assertThat(events.contentBasedDeduplication()).isTrue();
        assertThat(stack.withQueueUrlPrefix("http://127.0.0.1:9324/000000000000").queue("DialQueue").url())
                .isEqualTo("http://127.0.0.1:9324/000000000000/DialQueue");
    }

    @Test
    void functionEvents_ofEveryKind() {
        LambdaFunction dialer = Templates.read(dir, TEMPLATE).function("Dialer");
        assertThat(dialer.reservedConcurrency()).hasValue(3);
        assertThat(dialer.eventsOf(FunctionEvent.Sqs.class)).singleElement().satisfies(sqs -> {
            assertThat(sqs.queueId()).hasValue("DialQueue");
            assertThat(sqs.queueArn()).isEqualTo("arn:aws:sqs:us-east-1:123456789012:DialQueue");
            assertThat(sqs.batchSize()).isEqualTo(5);
            assertThat(sqs.maximumConcurrency()).hasValue(2);
            assertThat(sqs.reportBatchItemFailures()).isTrue();
            assertThat(sqs.enabled()).isTrue();
        });
        Stack stack = Templates.read(dir, TEMPLATE);
        assertThat(dialer.eventsOf(FunctionEvent.Schedule.class)).hasSize(2).first().satisfies(s -> {
            assertThat(s.expression()).isEqualTo("rate(1 minute)");
            assertThat(s.enabled()).isFalse();
            assertThat(s.input()).hasValue("{\"tick\":true}");
            assertThat(s.kind()).isEqualTo(FunctionEvent.Schedule.Kind.EVENTBRIDGE_RULE);
            // The rule SAM generates, named as the stack model names it when a template refers to it.
            assertThat(s.resourceArn()).isEqualTo("arn:aws:events:us-east-1:123456789012:rule/DialerTick")
                    .isEqualTo(stack.resolve(JsonNodeFactory.instance.objectNode().set("Fn::GetAtt",
                            JsonNodeFactory.instance.arrayNode().add("DialerTick").add("Arn"))).asText());
        });
        assertThat(dialer.eventsOf(FunctionEvent.Schedule.class).get(1)).satisfies(s -> {
            assertThat(s.kind()).isEqualTo(FunctionEvent.Schedule.Kind.SCHEDULER);
            assertThat(s.enabled()).isTrue();
            assertThat(s.resourceArn()).isEqualTo("arn:aws:scheduler:us-east-1:123456789012:schedule/default/nightly");
            assertThat(s.properties().path("ScheduleExpressionTimezone").asText()).isEqualTo("Europe/Paris");
        });
        assertThat(dialer.eventsOf(FunctionEvent.Other.class)).singleElement()
                .satisfies(o -> assertThat(o.type()).isEqualTo("EventBridgeRule"));
    }

    @Test
    void customResource_namesItsServiceFunction_andItsAttributesComeFromItsAnswer() {
        Stack stack = Templates.read(dir, TEMPLATE);
        assertThat(stack.customResources()).singleElement().satisfies(c -> {
            assertThat(c.type()).isEqualTo("Custom::SipMediaApplication");
            assertThat(c.serviceFunction()).hasValue("Dialer");
            assertThat(c.properties().path("Name").asText()).isEqualTo("cordiul-local-calls");
            assertThat(c.properties().has("ServiceToken")).isFalse();
        });
        assertThat(stack.function("Dependent").environment())
                .containsEntry("SMA", "unprovisioned-SipApp-SipMediaApplicationId");
        assertThat(stack.withAttributes("SipApp", Map.of("SipMediaApplicationId", "sma-1")).function("Dependent")
                .environment()).containsEntry("SMA", "sma-1");
    }
}
