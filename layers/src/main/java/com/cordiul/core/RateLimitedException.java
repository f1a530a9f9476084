package com.cordiul.core;

/** The caller has sent more requests than its limit allows in the current window. */
public final class RateLimitedException extends CordiulException implements RetryAfter {

    private static final long serialVersionUID = 1L;

    private final int retryAfterSeconds;

    public RateLimitedException(String message, int retryAfterSeconds) {
        super("rate_limited", message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
