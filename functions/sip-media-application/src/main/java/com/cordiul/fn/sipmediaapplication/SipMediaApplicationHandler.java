package com.cordiul.fn.sipmediaapplication;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.cordiul.provisioning.CustomResourceRunner;
import com.cordiul.provisioning.Invocation;
import com.cordiul.telemetry.FunctionInvocation;
import com.cordiul.wiring.ProvisioningModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * The provider of {@code Custom::SipMediaApplication}: CloudFormation invokes it (asynchronously) for the stack's
 * Create, Update and Delete of the SIP media application, and it answers on the request's {@code ResponseURL}, also
 * when Chime refuses, when it fails, and shortly before its own timeout. Its output is the answer it put.
 */
public final class SipMediaApplicationHandler implements RequestStreamHandler {

    /** The time a context-less invocation (a local tool's) is given. */
    private static final Duration WITHOUT_CONTEXT = Duration.ofSeconds(60);

    private final CustomResourceRunner runner;

    /** Lambda's constructor: the provider's wiring (the Chime clients are built per region on first use). */
    public SipMediaApplicationHandler() {
        this(ProvisioningModule.instance().sipMediaApplicationRunner());
    }

    /** For tests: the runner to use. */
    public SipMediaApplicationHandler(CustomResourceRunner runner) {
        this.runner = runner;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Invocation invocation = context == null ? new Invocation(null, null, WITHOUT_CONTEXT)
                : new Invocation(context.getAwsRequestId(), context.getLogStreamName(),
                        Duration.ofMillis(context.getRemainingTimeInMillis()));
        try (FunctionInvocation telemetry = FunctionInvocation.start(context)) {
            output.write(runner.run(input.readAllBytes(), invocation));
        }
    }
}
