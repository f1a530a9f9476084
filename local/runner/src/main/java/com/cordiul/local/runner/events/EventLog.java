package com.cordiul.local.runner.events;

/** Where event sources report what went wrong (a failed batch, a failed scheduled invocation): loudly. */
@FunctionalInterface
public interface EventLog {

    /** One line, e.g. {@code write("sqs", "WorkFunction <- WorkQueue: batch of 3 failed ...")}. */
    void write(String source, String message);
}
