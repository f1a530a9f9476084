package com.cordiul.calls;

import com.cordiul.core.CordiulException;

/** The call does not exist, or belongs to another owner: the two are indistinguishable on purpose. */
public final class CallNotFoundException extends CordiulException {

    private static final long serialVersionUID = 1L;

    public CallNotFoundException(String message) {
        super("not_found", message);
    }
}
