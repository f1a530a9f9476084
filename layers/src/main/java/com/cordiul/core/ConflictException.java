package com.cordiul.core;

/** The request conflicts with the state of the resource (an idempotency key reused or still in flight). */
public final class ConflictException extends CordiulException implements RetryAfter {

    private static final long serialVersionUID = 1L;

    private final int retryAfterSeconds;

    public ConflictException(String code, String message, int retryAfterSeconds) {
        super(code, message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
