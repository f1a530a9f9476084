package com.cordiul.telemetry;

import com.amazonaws.services.lambda.runtime.Context;
import com.cordiul.core.Environment;
import com.cordiul.logging.ColdStart;
import com.cordiul.logging.InvocationFields;
import com.cordiul.logging.Log;

/**
 * One invocation of a function, from its handler's first line to its last: every log line written meanwhile
 * carries the invocation's fields (Lambda's request id, whether it is a cold start, the function's name and version,
 * the trace id), and the metrics recorded meanwhile are printed once, when it closes, also when the invocation
 * fails. Every handler opens one around its whole work, with the {@link Context} Lambda gave it; the API routes
 * do it through {@code ApiEdge.stream}.
 *
 * <pre>{@code
 * try (FunctionInvocation invocation = FunctionInvocation.start(context)) {
 *     ...
 * }
 * }</pre>
 */
public final class FunctionInvocation implements AutoCloseable {

    private FunctionInvocation() {
    }

    /** Starts the invocation; {@code context} may be null outside Lambda (a test, a tool). */
    public static FunctionInvocation start(Context context) {
        String name = context != null && context.getFunctionName() != null ? context.getFunctionName()
                : Environment.getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "local");
        String version = context != null && context.getFunctionVersion() != null ? context.getFunctionVersion()
                : Environment.get("AWS_LAMBDA_FUNCTION_VERSION").orElse(null);
        Log.beginInvocation(new InvocationFields(context == null ? null : context.getAwsRequestId(), name, version,
                ColdStart.take(), XrayTraceId.current()));
        Metrics.begin();
        return new FunctionInvocation();
    }

    /** Prints the invocation's metrics and ends its log context. */
    @Override
    public void close() {
        try {
            Metrics.flush();
        } finally {
            Log.endInvocation();
        }
    }
}
