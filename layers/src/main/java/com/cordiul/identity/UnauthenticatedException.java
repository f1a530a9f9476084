package com.cordiul.identity;

import com.cordiul.core.CordiulException;

/** The request carries no credential, or one that is malformed, unknown, revoked or expired. */
public final class UnauthenticatedException extends CordiulException {

    private static final long serialVersionUID = 1L;

    public UnauthenticatedException(String message) {
        super("unauthorized", message);
    }
}
