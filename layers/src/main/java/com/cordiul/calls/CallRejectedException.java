package com.cordiul.calls;

import com.cordiul.core.CordiulException;

/** The telephony provider refused to place the call for a reason in the request (numbers, destination). */
public final class CallRejectedException extends CordiulException {

    private static final long serialVersionUID = 1L;

    public CallRejectedException(String message) {
        super("call_rejected", message);
    }
}
