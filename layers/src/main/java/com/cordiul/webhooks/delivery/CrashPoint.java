package com.cordiul.webhooks.delivery;

/**
 * Called at each {@link PipelineStep}: nothing in production; a test throws there to prove that whatever dies at
 * that point is still delivered later.
 */
@FunctionalInterface
public interface CrashPoint {

    /** The pipeline has just reached the step. */
    void reached(PipelineStep step);

    /** Production's: nothing happens. */
    static CrashPoint none() {
        return step -> {
        };
    }
}
