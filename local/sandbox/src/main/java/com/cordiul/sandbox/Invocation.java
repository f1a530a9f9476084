package com.cordiul.sandbox;

/**
 * One invocation as the Runtime API saw it. Times are {@link System#nanoTime()} readings of this process, except the
 * two epoch readings, which compare with readings taken in the function's JVM.
 *
 * @param requestId the Lambda-Runtime-Aws-Request-Id handed out
 * @param error whether the runtime answered on the error path (function error) rather than with a response
 * @param errorType the Lambda-Runtime-Function-Error-Type header of an error, or empty
 * @param body the response (or error) body
 * @param submittedNanos when the event was queued
 * @param deliveredNanos when a {@code next} request took it
 * @param completedNanos when the response (or error) had been read in full
 * @param deliveredEpochNanos the wall clock (nanoseconds since the epoch) when the event was handed out
 * @param completedEpochNanos the wall clock when the response (or error) had been read in full
 */
public record Invocation(String requestId, boolean error, String errorType, String body, long submittedNanos,
                         long deliveredNanos, long completedNanos, long deliveredEpochNanos,
                         long completedEpochNanos) {

    /** Queue to answer, in nanoseconds: what a caller waiting on a warm instance sees. */
    public long latencyNanos() {
        return completedNanos - submittedNanos;
    }
}
