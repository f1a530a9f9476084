package com.cordiul.aws;

import com.cordiul.core.CordiulException;
import com.cordiul.core.RetryAfter;

/** The data store did not answer or refused the request; nothing was half-written. */
public final class StoreUnavailableException extends CordiulException implements RetryAfter {

    private static final long serialVersionUID = 1L;

    private final int retryAfterSeconds;

    public StoreUnavailableException(String message, int retryAfterSeconds, Throwable cause) {
        super("service_unavailable", message, cause);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
