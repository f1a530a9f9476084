package com.cordiul.calls;

import com.cordiul.core.CordiulException;
import com.cordiul.core.RetryAfter;

/**
 * The cancel is recorded, but the telephony provider did not confirm the hangup request (no usable answer). A
 * retry of the cancel is harmless and asks again.
 */
public final class HangupNotConfirmedException extends CordiulException implements RetryAfter {

    private static final long serialVersionUID = 1L;

    public HangupNotConfirmedException(String message) {
        super("service_unavailable", message);
    }

    @Override
    public int retryAfterSeconds() {
        return 1;
    }
}
