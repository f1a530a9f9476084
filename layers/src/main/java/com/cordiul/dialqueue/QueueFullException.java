package com.cordiul.dialqueue;

import com.cordiul.core.CordiulException;
import com.cordiul.core.RetryAfter;

/** The owner already has as many calls waiting to be dialed as {@code CALL_QUEUE_DEPTH_LIMIT} allows. */
public final class QueueFullException extends CordiulException implements RetryAfter {

    private static final long serialVersionUID = 1L;

    private final int retryAfterSeconds;

    public QueueFullException(String message, int retryAfterSeconds) {
        super("queue_full", message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
