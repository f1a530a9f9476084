package com.cordiul.fn.callstatus;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.cordiul.calls.progress.CallProgress;
import com.cordiul.telemetry.FunctionInvocation;
import com.cordiul.wiring.CallStatusModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The SIP media application's function: Chime invokes it for every event of every call. It reads raw bytes
 * (a stream handler), so that no payload can fail deserialization before Cordiul's own tolerant parser runs.
 */
public final class CallStatusHandler implements RequestStreamHandler {

    private final CallProgress progress;

    /** Lambda's constructor: the call-status wiring, built and primed once per instance. */
    public CallStatusHandler() {
        this(CallStatusModule.instance().callProgress());
    }

    /** For tests: the service to use. */
    public CallStatusHandler(CallProgress progress) {
        this.progress = progress;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        try (FunctionInvocation invocation = FunctionInvocation.start(context)) {
            output.write(progress.respond(input.readAllBytes()).getBytes(StandardCharsets.UTF_8));
        }
    }
}
