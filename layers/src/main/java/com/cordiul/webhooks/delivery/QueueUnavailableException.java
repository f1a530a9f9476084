package com.cordiul.webhooks.delivery;

/**
 * SQS did not take a message. What was recorded stays recorded, so the reconciler sends it later; a queue fault
 * never reaches an API client (no route sends to a queue).
 */
public final class QueueUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public QueueUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
