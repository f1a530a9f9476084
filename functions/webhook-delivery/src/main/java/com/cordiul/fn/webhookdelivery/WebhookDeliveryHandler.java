package com.cordiul.fn.webhookdelivery;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.cordiul.logging.Log;
import com.cordiul.queue.BatchProcessor;
import com.cordiul.queue.QueueMessage;
import com.cordiul.queue.SqsBatch;
import com.cordiul.telemetry.FunctionInvocation;
import com.cordiul.telemetry.Metric;
import com.cordiul.telemetry.Metrics;
import com.cordiul.webhooks.delivery.DeliveryMessage;
import com.cordiul.webhooks.delivery.DeliveryOutcome;
import com.cordiul.webhooks.delivery.DeliveryWorker;
import com.cordiul.wiring.WebhookPipelineModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Attempts the deliveries of one batch of the delivery queue at once (each signed, 10 s at most), records each outcome
 * and retry. A stream handler over the SQS event source mapping: the batch is read with the layer's JSON, and a message
 * whose handling failed (a store fault) is reported in {@code batchItemFailures}, so only it comes back.
 */
public final class WebhookDeliveryHandler implements RequestStreamHandler {

    private final DeliveryWorker worker;
    private final BatchProcessor batches;

    /** Lambda's constructor: the pipeline's wiring, built and primed once per instance. */
    public WebhookDeliveryHandler() {
        this(WebhookPipelineModule.instance().deliveryWorker(),
                WebhookPipelineModule.instance().batchProcessor());
    }

    /** Tests' constructor. */
    public WebhookDeliveryHandler(DeliveryWorker worker, BatchProcessor batches) {
        this.worker = worker;
        this.batches = batches;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readAllBytes();
        try (FunctionInvocation invocation = FunctionInvocation.start(context)) {
            List<QueueMessage> messages = SqsBatch.read(event);
            Queue<DeliveryOutcome> outcomes = new ConcurrentLinkedQueue<>();
            List<String> failed = batches.process(messages, message -> DeliveryMessage.parse(message.body())
                    .ifPresentOrElse(m -> outcomes.add(worker.deliver(m)), () -> Log.warn(
                            "unreadable delivery message dropped", "message_id", message.messageId())));
            // Counted here: metrics are the invoking thread's, and the messages were handled on the pool's.
            for (DeliveryOutcome outcome : outcomes) {
                if (outcome.value() != null) {
                    Metrics.count(Metric.WEBHOOK_DELIVERIES, outcome.value());
                }
            }
            output.write(SqsBatch.response(failed).getBytes(StandardCharsets.UTF_8));
        }
    }
}
