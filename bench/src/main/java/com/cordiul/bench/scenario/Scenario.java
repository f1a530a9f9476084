package com.cordiul.bench.scenario;

import com.cordiul.sandbox.Invocation;

/** The events one function gets in the bench, and what the bench learns from its answers. */
public interface Scenario {

    /** The n-th event sent to this function in this bench run (cold starts, warm run and counting run share n). */
    String event(int n);

    /**
     * The event of a cold start: by default the next event, but a function whose first event of a sequence does no
     * work (call-status on NEW_OUTBOUND_CALL) gets one that touches DynamoDB, as the cold start to measure.
     */
    default String firstEvent(int n) {
        return event(n);
    }

    /** Called with each answer, e.g. to keep the API keys or calls a function created for later functions. */
    default void answered(int n, Invocation invocation) {
    }

    /** A short label of the outcome, e.g. {@code 201}, {@code Allow}, {@code error:Runtime.Foo}. */
    default String outcome(Invocation invocation) {
        return Outcomes.of(invocation);
    }
}
