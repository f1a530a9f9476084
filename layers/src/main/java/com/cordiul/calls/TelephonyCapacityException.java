package com.cordiul.calls;

import com.cordiul.core.CordiulException;
import com.cordiul.core.RetryAfter;

/** The account's telephony capacity (concurrent calls) is exhausted: the call was not placed. */
public final class TelephonyCapacityException extends CordiulException implements RetryAfter {

    private static final long serialVersionUID = 1L;

    private final int retryAfterSeconds;

    public TelephonyCapacityException(String message, int retryAfterSeconds) {
        super("call_capacity_exceeded", message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
