package com.cordiul.local.runner.events;

/** How one invocation went, as the service that invoked the function sees it. */
public sealed interface InvokeResult {

    /** The function answered. */
    record Succeeded(byte[] response) implements InvokeResult {
    }

    /** A function error, a timeout or a failed init: the function ran (or tried to) and did not answer. */
    record Failed(String errorType, String errorMessage, boolean timedOut) implements InvokeResult {

        /** For the logs: {@code timeout: Sandbox.Timedout: ...} or {@code function error: Type: message}. */
        public String describe() {
            return (timedOut ? "timeout: " : "function error: ") + errorType + ": " + errorMessage;
        }
    }

    /** Lambda refused the invocation: the function already runs as many as its concurrency allows. */
    record Throttled(String message) implements InvokeResult {
    }

    /** The local stack is stopping: nothing ran. */
    record Stopped(String message) implements InvokeResult {
    }
}
