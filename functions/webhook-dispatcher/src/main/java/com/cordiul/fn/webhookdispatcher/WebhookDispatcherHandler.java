package com.cordiul.fn.webhookdispatcher;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.cordiul.logging.Log;
import com.cordiul.queue.BatchProcessor;
import com.cordiul.queue.QueueMessage;
import com.cordiul.queue.SqsBatch;
import com.cordiul.telemetry.FunctionInvocation;
import com.cordiul.webhooks.delivery.FanOut;
import com.cordiul.webhooks.delivery.FanOutMessage;
import com.cordiul.wiring.WebhookPipelineModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fans each published event of the event queue out to its owner's endpoints (one delivery and message each). A stream
 * handler over the SQS event source mapping: the batch is read with the layer's JSON, and a message
 * whose handling failed (a store fault) is reported in {@code batchItemFailures}, so only it comes back.
 */
public final class WebhookDispatcherHandler implements RequestStreamHandler {

    private final FanOut fanOut;
    private final BatchProcessor batches;

    /** Lambda's constructor: the pipeline's wiring, built and primed once per instance. */
    public WebhookDispatcherHandler() {
        this(WebhookPipelineModule.instance().fanOut(), WebhookPipelineModule.instance().batchProcessor());
    }

    /** Tests' constructor. */
    public WebhookDispatcherHandler(FanOut fanOut, BatchProcessor batches) {
        this.fanOut = fanOut;
        this.batches = batches;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readAllBytes();
        try (FunctionInvocation invocation = FunctionInvocation.start(context)) {
            List<QueueMessage> messages = SqsBatch.read(event);
            List<String> failed = batches.process(messages, message -> FanOutMessage.parse(message.body())
                    .ifPresentOrElse(m -> fanOut.fanOut(m.owner(), m.eventId()), () -> Log.warn(
                            "unreadable fan-out message dropped", "message_id", message.messageId())));
            output.write(SqsBatch.response(failed).getBytes(StandardCharsets.UTF_8));
        }
    }
}
