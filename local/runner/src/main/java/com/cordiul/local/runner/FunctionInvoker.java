package com.cordiul.local.runner;

/**
 * Invokes a function of the template synchronously, as another AWS service would (Chime's SIP media application
 * invokes {@code CallStatusFunction} this way).
 */
@FunctionalInterface
public interface FunctionInvoker {

    /**
     * Sends the event to the function and returns its response JSON.
     *
     * @throws LambdaInvocationException when the function throws or times out
     */
    String invokeFunction(String logicalId, String eventJson);
}
