package com.cordiul.local.runner;

/**
 * A function invocation that failed the way Lambda reports a function error: the handler threw (or its init
 * failed), or it ran past its Timeout.
 */
public final class LambdaInvocationException extends RuntimeException {

    private final String function;
    private final String errorType;
    private final String errorMessage;
    private final boolean timedOut;

    LambdaInvocationException(String function, String errorType, String errorMessage, boolean timedOut,
                              Throwable cause) {
        super(function + " failed: " + errorType + ": " + errorMessage, cause);
        this.function = function;
        this.errorType = errorType;
        this.errorMessage = errorMessage;
        this.timedOut = timedOut;
    }

    /** The logical id of the function. */
    public String function() {
        return function;
    }

    /** Lambda's {@code errorType}: the thrown class's name, or {@code Sandbox.Timedout}. */
    public String errorType() {
        return errorType;
    }

    /** Lambda's {@code errorMessage}: the thrown exception's message. */
    public String errorMessage() {
        return errorMessage;
    }

    /** Whether the invocation ran past the function's Timeout. */
    public boolean timedOut() {
        return timedOut;
    }
}
