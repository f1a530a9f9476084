package com.cordiul.idempotency;

import com.cordiul.core.CordiulException;
import com.cordiul.core.RetryAfter;

/** Another request holding the same Idempotency-Key is still running: retry later to get its answer. */
public final class RequestInProgressException extends CordiulException implements RetryAfter {

    private static final long serialVersionUID = 1L;

    private final int retryAfterSeconds;

    public RequestInProgressException(String message, int retryAfterSeconds) {
        super("request_in_progress", message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
