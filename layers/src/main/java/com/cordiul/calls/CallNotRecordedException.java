package com.cordiul.calls;

import com.cordiul.core.CordiulException;
import com.cordiul.core.RetryAfter;

/**
 * The call was queued, but the store did not confirm its record: it may exist (and then it is dialed once) or not
 * (then its message is dropped). The client's retry with the same Idempotency-Key finds or makes it, dialing once.
 */
public final class CallNotRecordedException extends CordiulException implements RetryAfter {

    private static final long serialVersionUID = 1L;

    public CallNotRecordedException(String message, Throwable cause) {
        super("service_unavailable", message, cause);
    }

    @Override
    public int retryAfterSeconds() {
        return 2;
    }
}
