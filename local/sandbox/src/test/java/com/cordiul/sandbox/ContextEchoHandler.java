package com.cordiul.sandbox;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** Test function that answers with what the runtime told it about the invocation. */
public class ContextEchoHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return Map.of("n", event.get("n"), "requestId", context.getAwsRequestId(),
                "arn", context.getInvokedFunctionArn(), "remainingMs", context.getRemainingTimeInMillis(),
                "memory", context.getMemoryLimitInMB(), "name", context.getFunctionName());
    }
}
