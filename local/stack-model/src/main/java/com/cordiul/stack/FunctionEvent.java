package com.cordiul.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** One entry of a function's {@code Events}: what invokes it. */
public sealed interface FunctionEvent {

    /** The event's logical name under {@code Events}. */
    String name();

    /** {@code Type: Api}: a method on a resource path of a REST API. */
    record Api(String name, String method, String path, String restApiId, Optional<String> authorizer)
            implements FunctionEvent {
    }

    /**
     * {@code Type: Schedule} (EventBridge rule) or {@code ScheduleV2} (EventBridge Scheduler).
     *
     * @param expression  {@code rate(...)} or {@code cron(...)} (and {@code at(...)} for the Scheduler)
     * @param enabled     {@code Enabled}/{@code State}: whether it fires
     * @param input       the JSON {@code Input} sent instead of the scheduled event, if any
     * @param kind        which service fires it
     * @param resourceArn the ARN of the rule or schedule SAM makes of it (its {@code Name}, or SAM's logical id
     *                    {@code <Function><Event>}), which the scheduled event names in {@code resources}
     * @param properties  every property of the event, resolved (raw access: a ScheduleV2's timezone, dates, ...)
     */
    record Schedule(String name, String expression, boolean enabled, Optional<String> input, String description,
                    Kind kind, String resourceArn, JsonNode properties) implements FunctionEvent {

        /** The service behind a schedule. */
        public enum Kind {
            /** {@code Type: Schedule}: an EventBridge rule with a schedule expression. */
            EVENTBRIDGE_RULE,
            /** {@code Type: ScheduleV2}: an EventBridge Scheduler schedule. */
            SCHEDULER
        }
    }

    /**
     * {@code Type: SQS}: an event source mapping that polls a queue.
     *
     * @param queueArn                the queue's ARN
     * @param queueId                 the logical id of the template's queue of that ARN, if it is one
     * @param batchSize               {@code BatchSize} (SAM's default 10)
     * @param maximumBatchingWindow   {@code MaximumBatchingWindowInSeconds} (default 0)
     * @param maximumConcurrency      {@code ScalingConfig.MaximumConcurrency}, if set
     * @param reportBatchItemFailures {@code FunctionResponseTypes} holds {@code ReportBatchItemFailures}
     * @param enabled                 {@code Enabled} (default true)
     * @param filterCriteria          {@code FilterCriteria}, or a missing node
     */
    record Sqs(String name, String queueArn, Optional<String> queueId, int batchSize, Duration maximumBatchingWindow,
               OptionalInt maximumConcurrency, boolean reportBatchItemFailures, boolean enabled,
               JsonNode filterCriteria) implements FunctionEvent {
    }

    /** Any other event type, with its resolved properties. */
    record Other(String name, String type, JsonNode properties) implements FunctionEvent {
    }
}
