package com.cordiul.fn.webhookdelivery;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.cordiul.logging.Log;
import com.cordiul.queue.BatchProcessor;
import com.cordiul.queue.QueueMessage;
import com.cordiul.queue.SqsBatch;
import com.cordiul.webhooks.delivery.DeliveryMessage;
import com.cordiul.webhooks.delivery.DeliveryWorker;
import com.cordiul.wiring.WebhookPipelineModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

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
        Log.begin(context == null ? null : context.getAwsRequestId(), null);
        try {
            List<QueueMessage> messages = SqsBatch.read(event);
            List<String> failed = batches.process(messages, message -> DeliveryMessage.parse(message.body())
                    .ifPresentOrElse(worker::deliver, () -> Log.warn("unreadable delivery message dropped",
                            "message_id", message.messageId())));
            output.write(SqsBatch.response(failed).getBytes(StandardCharsets.UTF_8));
        } finally {
            Log.end();
        }
    }
}
