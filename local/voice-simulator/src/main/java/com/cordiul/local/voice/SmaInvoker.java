package com.cordiul.local.voice;

/**
 * Invokes the SIP media application's Lambda function with one event, as Chime does (synchronously), and returns
 * its response. The local runner implements it with the template's call-status function; tests may call a handler
 * directly.
 */
@FunctionalInterface
public interface SmaInvoker {

    /** Sends the event JSON; returns the function's response JSON, or throws when the invocation failed. */
    String invoke(String eventJson) throws Exception;
}
