package com.cordiul.local.runner;

/**
 * An invocation Lambda refuses before running anything: the function already runs as many instances as its
 * concurrency allows ({@code ReservedConcurrentExecutions}, or the runner's local default). Lambda answers a
 * synchronous invoke {@code 429 TooManyRequestsException} (Reason {@code ReservedFunctionConcurrentInvocationLimit
 * Exceeded} or {@code ConcurrentInvocationLimitExceeded}); API Gateway turns that into a {@code 500}.
 */
public final class FunctionThrottledException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String function;
    private final int limit;

    FunctionThrottledException(String function, int limit) {
        super("TooManyRequestsException: Rate Exceeded. " + function + " already runs " + limit + " instance"
                + (limit == 1 ? "" : "s") + ", its concurrency limit");
        this.function = function;
        this.limit = limit;
    }

    /** The logical id of the function. */
    public String function() {
        return function;
    }

    /** Its concurrency limit. */
    public int limit() {
        return limit;
    }
}
