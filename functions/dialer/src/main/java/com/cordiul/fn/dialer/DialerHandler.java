package com.cordiul.fn.dialer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.cordiul.core.Json;
import com.cordiul.dialer.DialBatch;
import com.cordiul.telemetry.FunctionInvocation;
import com.cordiul.wiring.DialerModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The dial queue's consumer: the SQS event source mapping invokes it with a batch of dial messages and it answers
 * which to keep ({@code batchItemFailures}), each delayed already. A stream handler, like every function: the event
 * is read by the layer's JSON, not bound by the runtime. An event it cannot read fails the invocation, so the batch
 * is retried (SQS never sends one).
 */
public final class DialerHandler implements RequestStreamHandler {

    private final DialBatch batch;

    /** Lambda's constructor: the dialer's wiring, built and primed once per instance. */
    public DialerHandler() {
        this(DialerModule.instance().dialBatch());
    }

    /** For tests: the batch handler to use. */
    public DialerHandler(DialBatch batch) {
        this.batch = batch;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readAllBytes();
        try (FunctionInvocation invocation = FunctionInvocation.start(context)) {
            Json.write(batch.handle(event, () -> context == null ? Long.MAX_VALUE
                    : context.getRemainingTimeInMillis()), output);
        }
    }
}
