package com.cordiul.calls;

import com.cordiul.core.CordiulException;

/** The call has ended already (and was not canceled): there is nothing left to cancel. */
public final class CallNotCancelableException extends CordiulException {

    private static final long serialVersionUID = 1L;

    public CallNotCancelableException(String message) {
        super("call_not_cancelable", message);
    }
}
