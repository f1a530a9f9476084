package com.cordiul.local.runner.events;

/**
 * What an event source invokes: one of the stack's functions, synchronously (an SQS event source mapping) or as
 * Lambda's asynchronous invocation runs it (a schedule), with any event JSON.
 */
@FunctionalInterface
public interface EventTarget {

    /**
     * Invokes a function once and reports how it went; never throws for a failed invocation.
     *
     * @param functionId the function's logical id
     * @param event      the event JSON
     * @param requestId  the Lambda request id of this invocation (for the logs of both sides)
     */
    InvokeResult invoke(String functionId, byte[] event, String requestId);
}
