package com.cordiul.dialqueue;

import com.cordiul.core.CordiulException;
import com.cordiul.core.RetryAfter;

/** The dial queue did not take the message: the call was not queued (and is not recorded). */
public final class QueueUnavailableException extends CordiulException implements RetryAfter {

    private static final long serialVersionUID = 1L;

    public QueueUnavailableException(String message, Throwable cause) {
        super("service_unavailable", message, cause);
    }

    @Override
    public int retryAfterSeconds() {
        return 1;
    }
}
