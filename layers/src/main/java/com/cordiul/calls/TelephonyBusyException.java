package com.cordiul.calls;

import com.cordiul.core.CordiulException;
import com.cordiul.core.RetryAfter;

/** The telephony provider kept throttling the dial: the call was not placed and may be retried. */
public final class TelephonyBusyException extends CordiulException implements RetryAfter {

    private static final long serialVersionUID = 1L;

    private final int retryAfterSeconds;

    public TelephonyBusyException(String message, int retryAfterSeconds) {
        super("telephony_busy", message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
