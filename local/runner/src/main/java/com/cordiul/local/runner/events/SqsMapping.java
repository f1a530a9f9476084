package com.cordiul.local.runner.events;

import com.cordiul.stack.FunctionEvent;
import com.cordiul.stack.LambdaFunction;
import com.cordiul.stack.Queue;
import java.time.Duration;

/**
 * One SQS event source mapping ({@code Type: SQS} event of a function), checked as Lambda's
 * CreateEventSourceMapping checks it: {@code BatchSize} 1 to 10,000 (10 for a FIFO queue; above 10 only with a
 * batching window), {@code MaximumBatchingWindowInSeconds} 0 to 300 (none for a FIFO queue),
 * {@code ScalingConfig.MaximumConcurrency} 2 to 1000, and a queue visibility timeout no shorter than the function's
 * timeout.
 *
 * @param functionId              the function's logical id
 * @param eventName               the event's name under {@code Events}
 * @param queue                   the queue it polls (one of the template's)
 * @param batchSize               records per invocation, at most
 * @param batchingWindow          how long a batch may gather records (zero: invoke with what one receive gave)
 * @param reportBatchItemFailures whether the function's answer lists the failed records
 * @param pollerLimit             batches in flight at once, at most: {@code MaximumConcurrency} (Lambda's 1000
 *                                without it), never above the function's concurrency limit
 * @param enabled                 {@code Enabled}
 */
public record SqsMapping(String functionId, String eventName, Queue queue, int batchSize, Duration batchingWindow,
                         boolean reportBatchItemFailures, int pollerLimit, boolean enabled) {

    /** Lambda's ceiling on the batches one mapping processes at once. */
    static final int LAMBDA_MAX_CONCURRENCY = 1000;

    /**
     * The mapping of one event, or an {@link InvalidEventSourceException} naming what Lambda would refuse.
     *
     * @param functionConcurrency the function's concurrency limit (reserved, or the local default)
     */
    static SqsMapping of(LambdaFunction function, FunctionEvent.Sqs event, Queue queue, int functionConcurrency) {
        String where = function.logicalId() + " event " + event.name() + " (queue " + queue.logicalId() + ")";
        int batch = event.batchSize();
        long window = event.maximumBatchingWindow().toSeconds();
        if (queue.fifo() && (batch < 1 || batch > 10)) {
            throw invalid(where, "BatchSize of a FIFO queue is 1 to 10, not " + batch);
        }
        if (batch < 1 || batch > 10_000) {
            throw invalid(where, "BatchSize is 1 to 10000, not " + batch);
        }
        if (window < 0 || window > 300) {
            throw invalid(where, "MaximumBatchingWindowInSeconds is 0 to 300, not " + window);
        }
        if (queue.fifo() && window > 0) {
            throw invalid(where, "a batching window is not supported for FIFO queues");
        }
        if (batch > 10 && window < 1) {
            throw invalid(where, "a BatchSize above 10 needs MaximumBatchingWindowInSeconds of at least 1");
        }
        int maximum = LAMBDA_MAX_CONCURRENCY;
        if (event.maximumConcurrency().isPresent()) {
            maximum = event.maximumConcurrency().getAsInt();
            if (maximum < 2 || maximum > LAMBDA_MAX_CONCURRENCY) {
                throw invalid(where, "ScalingConfig.MaximumConcurrency is 2 to 1000, not " + maximum);
            }
        }
        if (queue.visibilityTimeout().compareTo(function.timeout()) < 0) {
            throw invalid(where, "Queue visibility timeout: " + queue.visibilityTimeout().toSeconds()
                    + " seconds is less than Function timeout: " + function.timeout().toSeconds() + " seconds");
        }
        if (event.filterCriteria().isObject() && !event.filterCriteria().isEmpty()) {
            throw invalid(where, "FilterCriteria are not implemented by the local runner (it would hand the "
                    + "function records it should never see)");
        }
        return new SqsMapping(function.logicalId(), event.name(), queue, batch, event.maximumBatchingWindow(),
                event.reportBatchItemFailures(), Math.min(maximum, functionConcurrency), event.enabled());
    }

    /** For the logs: {@code WorkFunction <- WorkQueue}. */
    String label() {
        return functionId + " <- " + queue.logicalId();
    }

    /** For ./dev's banner. */
    public String describe() {
        return label() + " (batch " + batchSize + (batchingWindow.isZero() ? "" : ", window "
                + batchingWindow.toSeconds() + " s") + ", at most " + pollerLimit + " at once"
                + (reportBatchItemFailures ? ", ReportBatchItemFailures" : "") + (enabled ? "" : ", disabled") + ")";
    }

    private static InvalidEventSourceException invalid(String where, String what) {
        return new InvalidEventSourceException(where + ": " + what + " (Lambda would refuse this event source "
                + "mapping)");
    }
}
