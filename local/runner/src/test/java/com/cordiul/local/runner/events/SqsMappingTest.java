package com.cordiul.local.runner.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.stack.FunctionEvent;
import com.cordiul.stack.LambdaFunction;
import com.cordiul.stack.Stack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What Lambda's CreateEventSourceMapping refuses, refused; and the poller limit of what it accepts. */
class SqsMappingTest {

    @TempDir
    Path dir;

    /** One function polling one queue, with the given event properties, queue properties and function timeout. */
    private SqsMapping mapping(String eventProperties, String queueProperties, int timeout, int concurrency)
            throws IOException {
        String template = """
                Resources:
                  Q:
                    Type: AWS::SQS::Queue
                    Properties:
                %s
                  F:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: x.Y
                      CodeUri: f.jar
                      Timeout: %d
                      Events:
                        Poll:
                          Type: SQS
                          Properties:
                            Queue: !GetAtt Q.Arn
                %s
                """.formatted(indent(queueProperties.isBlank() ? "DelaySeconds: 0" : queueProperties, 8), timeout,
                indent(eventProperties.isBlank() ? "Enabled: true" : eventProperties, 12));
        Files.writeString(dir.resolve("template.yaml"), template);
        Stack stack = Stack.read(dir.resolve("template.yaml"));
        LambdaFunction function = stack.function("F");
        return SqsMapping.of(function, function.eventsOf(FunctionEvent.Sqs.class).get(0), stack.queue("Q"),
                concurrency);
    }

    private static String indent(String yaml, int spaces) {
        return yaml.indent(spaces).stripTrailing();
    }

    @Test
    void defaults_areLambdas_andTheLimitIsTheFunctionsConcurrency() throws IOException {
        SqsMapping m = mapping("", "VisibilityTimeout: 30", 30, 16);
        assertThat(m.batchSize()).isEqualTo(10);
        assertThat(m.batchingWindow()).isZero();
        assertThat(m.reportBatchItemFailures()).isFalse();
        assertThat(m.enabled()).isTrue();
        assertThat(m.pollerLimit()).isEqualTo(16);
    }

    @Test
    void maximumConcurrency_limitsThePollers_butNeverAboveTheFunctionsConcurrency() throws IOException {
        assertThat(mapping("ScalingConfig: {MaximumConcurrency: 3}", "", 3, 16).pollerLimit()).isEqualTo(3);
        assertThat(mapping("ScalingConfig: {MaximumConcurrency: 30}", "", 3, 4).pollerLimit()).isEqualTo(4);
    }

    @Test
    void whatLambdaRefuses_isRefused() {
        assertThatThrownBy(() -> mapping("BatchSize: 0", "", 3, 16)).hasMessageContaining("BatchSize is 1 to 10000");
        assertThatThrownBy(() -> mapping("BatchSize: 20", "", 3, 16))
                .hasMessageContaining("needs MaximumBatchingWindowInSeconds of at least 1");
        assertThatThrownBy(() -> mapping("BatchSize: 11", "FifoQueue: true", 3, 16))
                .hasMessageContaining("FIFO queue is 1 to 10");
        assertThatThrownBy(() -> mapping("MaximumBatchingWindowInSeconds: 1", "FifoQueue: true", 3, 16))
                .hasMessageContaining("not supported for FIFO");
        assertThatThrownBy(() -> mapping("MaximumBatchingWindowInSeconds: 301", "", 3, 16))
                .hasMessageContaining("0 to 300");
        assertThatThrownBy(() -> mapping("ScalingConfig: {MaximumConcurrency: 1}", "", 3, 16))
                .hasMessageContaining("MaximumConcurrency is 2 to 1000");
        assertThatThrownBy(() -> mapping("", "VisibilityTimeout: 10", 30, 16)).isInstanceOf(
                InvalidEventSourceException.class).hasMessageContaining(
                "Queue visibility timeout: 10 seconds is less than Function timeout: 30 seconds");
        assertThatThrownBy(() -> mapping("FilterCriteria: {Filters: [{Pattern: '{\"body\": {\"a\": [1]}}'}]}", "", 3,
                16)).hasMessageContaining("FilterCriteria are not implemented");
    }

    @Test
    void largeBatch_withAWindow_isAccepted() throws IOException {
        SqsMapping m = mapping("BatchSize: 500\nMaximumBatchingWindowInSeconds: 5", "", 3, 16);
        assertThat(m.batchSize()).isEqualTo(500);
        assertThat(m.batchingWindow()).isEqualTo(Duration.ofSeconds(5));
        assertThat(m.describe()).isEqualTo("F <- Q (batch 500, window 5 s, at most 16 at once)");
    }
}
